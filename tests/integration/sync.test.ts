import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncPayload } from '../../server/sync/sync.types';
import {
	addDevice,
	post,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

let server: RunningServer;
let a: Account;
let b: Account;
let device: { id: number; token: string };

beforeAll(async () => {
	server = await startServer();
	a = await signUp(server.url);
	b = await signUp(server.url);
	device = await addDevice(server.dbPath, 'Synced strip', 2, a.email);
});
afterAll(() => server.cleanup());

async function pull(account: Account, since?: number): Promise<SyncPayload> {
	const res = await fetch(`${server.url}/api/sync${since === undefined ? '' : `?since=${since}`}`, {
		headers: { cookie: account.cookie }
	});
	expect(res.status).toBe(200);
	return (await res.json()) as SyncPayload;
}

async function send(account: Account, ops: unknown[]) {
	const res = await fetch(`${server.url}/api/outbox`, {
		method: 'POST',
		headers: { cookie: account.cookie, origin: server.url, 'content-type': 'application/json' },
		body: JSON.stringify({ ops })
	});
	return {
		status: res.status,
		body: (await res.json()) as { results: { id: string; status: string; reason?: string }[] }
	};
}

const frames = (t0: number, n: number, power: number, stepMs = 10_000) =>
	Array.from({ length: n }, (_, i) => ({
		ts: t0 + i * stepMs,
		seq: i,
		ports: [{ port: 1, voltage: 230, current: power / 230, power }]
	}));

describe('the sync pull', () => {
	it('needs a session', async () => {
		expect((await fetch(`${server.url}/api/sync`)).status).toBe(401);
	});

	it('sends the whole state on a first pull, then only what changed', async () => {
		await post(
			server.url,
			'/api/v1/readings',
			device.token,
			frames(Date.now() - 3_600_000, 30, 200)
		);
		const first = await pull(a);
		expect(first.reset).toBe(true);
		expect(first.devices.map((d) => d.name)).toEqual(['Synced strip']);
		expect(first.ports).toHaveLength(2);
		// The seed's flat tariff: every kWh costs 8.0 BDT.
		expect(first.ports.map((p) => p.pricePerKwh)).toEqual([8, 8]);
		expect(first.buckets.length).toBeGreaterThan(0);
		expect(first.daily.length).toBeGreaterThan(0);
		expect(first.monthly.length).toBeGreaterThan(0);
		expect(first.settings).toMatchObject({ timezone: 'Asia/Dhaka', currency: 'BDT' });

		const quiet = await pull(a, first.cursor);
		expect(quiet.reset).toBe(false);
		expect(quiet.buckets).toEqual([]);
		expect(quiet.daily).toEqual([]);

		await post(server.url, '/api/v1/readings', device.token, frames(Date.now() - 60_000, 3, 300));
		const delta = await pull(a, quiet.cursor);
		expect(delta.buckets.length).toBeGreaterThan(0);
		expect(delta.buckets.length).toBeLessThan(first.buckets.length + 3);
		expect(delta.ports.find((p) => p.port === 1)!.power).toBe(300);
	});

	it('shows another account nothing of the first', async () => {
		const other = await pull(b);
		expect(other.devices).toEqual([]);
		expect(other.ports).toEqual([]);
		expect(other.buckets).toEqual([]);
		expect(other.alerts).toEqual([]);
	});

	it('asks for a full resync when the cursor is too old or nonsense', async () => {
		expect((await pull(a, Date.now() - 40 * 86_400_000)).reset).toBe(true);
		expect((await pull(a, Date.now() + 86_400_000)).reset).toBe(true);
	});

	it('reports a removed device as a tombstone', async () => {
		const doomed = await addDevice(server.dbPath, 'Doomed strip', 1, a.email);
		const before = await pull(a);
		expect(before.devices.map((d) => d.id)).toContain(doomed.id);
		const res = await fetch(`${server.url}/devices/${doomed.id}?/remove`, {
			method: 'POST',
			headers: {
				cookie: a.cookie,
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ confirm: 'Doomed strip' }),
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		const after = await pull(a, before.cursor);
		expect(after.deleted.devices).toEqual([doomed.id]);
		expect(after.devices.map((d) => d.id)).not.toContain(doomed.id);
	});
});

describe('the outbox', () => {
	it('applies each op once, in order, however often it is replayed', async () => {
		const op = {
			id: 'op-label-0001',
			type: 'port.label',
			deviceId: device.id,
			port: 2,
			label: 'Kettle'
		};
		const later = {
			id: 'op-label-0002',
			type: 'port.label',
			deviceId: device.id,
			port: 2,
			label: 'Rice cooker'
		};
		expect((await send(a, [op, later])).body.results.map((r) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		// The answer was lost; the phone replays both.
		expect((await send(a, [op, later])).body.results.map((r) => r.status)).toEqual([
			'duplicate',
			'duplicate'
		]);
		const state = await pull(a);
		expect(state.ports.find((p) => p.port === 2)!.label).toBe('Rice cooker');
	});

	it('acknowledges an alert raised by real readings, once', async () => {
		// Above 3,300 W (the default) for well over a minute of device time, after the port's newest reading.
		await post(
			server.url,
			'/api/v1/readings',
			device.token,
			frames(Date.now() - 5_000, 12, 3500, 10_000)
		);
		let alertId: number | undefined;
		for (let i = 0; i < 20 && !alertId; i++) {
			alertId = (await pull(a)).alerts.find((x) => x.rule === 'HIGH_USAGE')?.id;
			if (!alertId) await new Promise((r) => setTimeout(r, 250));
		}
		expect(alertId).toBeDefined();
		const op = { id: 'op-ack-000001', type: 'alert.acknowledge', alertId };
		expect((await send(a, [op])).body.results[0]!.status).toBe('applied');
		expect((await send(a, [op])).body.results[0]!.status).toBe('duplicate');
		const alert = (await pull(a)).alerts.find((x) => x.id === alertId)!;
		expect(alert.acknowledgedAt).not.toBeNull();
	});

	it('refuses ops on another account’s device and never queues relay switching', async () => {
		const theirs = await send(b, [
			{ id: 'op-steal-00001', type: 'port.label', deviceId: device.id, port: 1, label: 'Mine now' }
		]);
		expect(theirs.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not found' });
		const relay = await send(a, [
			{ id: 'op-relay-00001', type: 'relay.set', deviceId: device.id, port: 1, on: false }
		]);
		expect(relay.body.results[0]!.status).toBe('rejected');
		expect((await pull(a)).ports.find((p) => p.port === 1)!.label).toBeNull();
	});

	it('answers a malformed body with a 4xx that names the problem', async () => {
		const res = await fetch(`${server.url}/api/outbox`, {
			method: 'POST',
			headers: { cookie: a.cookie, origin: server.url, 'content-type': 'application/json' },
			body: '{"nope":1}'
		});
		expect(res.status).toBe(400);
		const { error } = await res.json();
		expect(error.field).toBe('ops');
		expect(error.message).toContain('ops');
	});

	it('changes a threshold per field, once, and the pull carries it to every phone', async () => {
		const peak = {
			id: 'op-thr-000001',
			type: 'thresholds.set',
			deviceId: device.id,
			port: 1,
			values: { peakW: 650 }
		};
		// Another phone changed another field of the same port meanwhile.
		const high = {
			id: 'op-thr-000002',
			type: 'thresholds.set',
			deviceId: device.id,
			port: 1,
			values: { highUsageW: 1800 }
		};
		expect((await send(a, [peak, high])).body.results.map((r) => r.status)).toEqual([
			'applied',
			'applied'
		]);
		// The first phone's answer was lost: its replay must not undo anything.
		expect((await send(a, [peak])).body.results[0]!.status).toBe('duplicate');
		// Every port comes, the defaults as null.
		expect((await pull(a)).thresholds).toEqual([
			{ deviceId: device.id, port: 1, highUsageW: 1800, dailyCost: null, peakW: 650 },
			{ deviceId: device.id, port: 2, highUsageW: null, dailyCost: null, peakW: null }
		]);
		// The alert rules use it: the thresholds page renders the stored values.
		const page = await fetch(`${server.url}/alerts/thresholds`, { headers: { cookie: a.cookie } });
		expect(await page.text()).toMatch(/name="peakW"[^>]*value="650"/);

		const refused = await send(a, [
			{ ...peak, id: 'op-thr-000003', values: { peakW: 50_000 } },
			{ ...peak, id: 'op-thr-000004', port: 3 }
		]);
		expect(refused.body.results.map((r) => r.reason)).toEqual(['out of range', 'not found']);
		const theirs = await send(b, [{ ...peak, id: 'op-thr-000005', values: { peakW: 100 } }]);
		expect(theirs.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not found' });
		expect((await pull(b)).thresholds).toEqual([]);
		expect((await pull(a)).thresholds[0]!.peakW).toBe(650);
	});

	it('saves and removes tariff versions, and the dashboard prices follow', async () => {
		const price = async () => (await pull(a)).ports.find((p) => p.port === 1)!.pricePerKwh;
		expect(await price()).toBe(8);
		const save = {
			id: 'op-tariff-0001',
			type: 'tariff.save',
			tariff: {
				id: 'custom',
				name: 'Flat 20',
				validFrom: '2020-01-01',
				currency: 'BDT',
				energy: { kind: 'flat', rate: 20 }
			}
		};
		expect((await send(a, [save])).body.results[0]!.status).toBe('applied');
		expect((await send(a, [save])).body.results[0]!.status).toBe('duplicate');
		const state = await pull(a);
		expect(state.tariffs.isDefault).toBe(false);
		expect(state.tariffs.versions.map((v) => [v.validFrom, v.name])).toEqual([
			['2020-01-01', 'Flat 20']
		]);
		expect(await price()).toBe(20);
		// B's household is untouched.
		expect((await pull(b)).tariffs.isDefault).toBe(true);

		const invalid = await send(a, [
			{ ...save, id: 'op-tariff-0002', tariff: { ...save.tariff, energy: { kind: 'flat' } } }
		]);
		expect(invalid.body.results[0]).toMatchObject({ status: 'rejected' });
		expect(invalid.body.results[0]!.reason).toMatch(/^energy\.rate: /);

		const remove = { id: 'op-tariff-0003', type: 'tariff.remove', validFrom: '2020-01-01' };
		expect((await send(a, [remove])).body.results[0]!.status).toBe('applied');
		expect((await pull(a)).tariffs.isDefault).toBe(true);
		expect(await price()).toBe(8);
	});
});
