import { openTestDb } from '../helpers/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costSentence } from '../../server/alerts/alert-text';
import type { Rule } from '../../server/alerts/rules';
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
let device: { id: number; token: string };

beforeAll(async () => {
	server = await startServer();
	a = await signUp(server.url);
	device = await addDevice(server.dbPath, 'Flat strip', 4, a.email);
});
afterAll(() => server.cleanup());

const api = (path: string, init: RequestInit = {}) =>
	fetch(server.url + path, {
		...init,
		headers: {
			origin: server.url,
			cookie: a.cookie,
			'content-type': 'application/json',
			...(init.headers ?? {})
		}
	});

async function pull(): Promise<SyncPayload> {
	const res = await api('/api/sync');
	expect(res.status).toBe(200);
	return (await res.json()) as SyncPayload;
}

const frame = (ts: number, seq: number, port: number, power: number) => ({
	ts,
	seq,
	ports: [{ port, voltage: 230, current: power / 230, power, pf: power > 0 ? 0.98 : 0 }]
});

/** Alert rows of this test's strip, straight from the database. */
function alertRows(rule: string) {
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		return db
			.prepare(
				`SELECT port, trigger_count AS count, opened_at AS openedAt, cleared_at AS clearedAt
				 FROM alerts WHERE device_id = ? AND rule = ? ORDER BY id`
			)
			.all(device.id, rule) as {
			port: number;
			count: number;
			openedAt: number;
			clearedAt: number | null;
		}[];
	} finally {
		db.close();
	}
}

/** "HH:MM" in Dhaka, rounded down to the quarter hour, `offsetMin` minutes from now. */
function dhakaTime(offsetMin: number): string {
	const p = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Asia/Dhaka',
		hourCycle: 'h23',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(Date.now() + offsetMin * 60_000);
	const h = p.find((x) => x.type === 'hour')!.value;
	const m = Math.floor(Number(p.find((x) => x.type === 'minute')!.value) / 15) * 15;
	return `${h}:${String(m).padStart(2, '0')}`;
}

/** Cards on the alerts page as the server renders it; `rules` narrows to those rules. */
const cards = async (rules = '[A-Z_]+') => {
	const html = await (await api('/alerts', { headers: { accept: 'text/html' } })).text();
	return (html.match(new RegExp(`data-testid="alert" data-rule="(${rules})"`, 'g')) ?? []).length;
};

/** The cost of a port's stored energy at `rate`, in paisa: an upper bound for its alert. */
function costOfPort(port: number, rate: number): number {
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		const mj = db
			.prepare(
				`SELECT COALESCE(SUM(energy_mj), 0) FROM energy_buckets WHERE device_id = ? AND port = ?`
			)
			.pluck()
			.get(device.id, port) as number;
		return Math.round((mj / 3_600_000_000) * rate * 100);
	} finally {
		db.close();
	}
}

describe('alerts that never flood', () => {
	it('a load flapping over the threshold every 20 s for 10 minutes is one open alert with a count', async () => {
		// 20 s at 3,500 W, 20 s off, readings every 10 s, uploaded every 30 s as a strip does.
		const t0 = Date.now() - 11 * 60_000;
		const frames = Array.from({ length: 60 }, (_, i) =>
			frame(t0 + i * 10_000, i, 1, i % 4 < 2 ? 3500 : 0)
		);
		for (let i = 0; i < frames.length; i += 3)
			expect(
				(await post(server.url, '/api/v1/readings', device.token, frames.slice(i, i + 3))).status
			).toBe(200);

		const rows = alertRows('HIGH_USAGE');
		expect(rows).toEqual([{ port: 1, count: 15, openedAt: t0, clearedAt: null }]);
		// The phone's copy carries the same count, time and money.
		const synced = (await pull()).alerts.filter((x) => x.rule === 'HIGH_USAGE');
		expect(synced).toHaveLength(1);
		expect(synced[0]).toMatchObject({
			count: 15,
			openedAt: t0,
			lastAt: t0 + 14 * 40_000,
			costPer: 'day',
			currency: 'BDT'
		});
		// Priced when it opened, at the flat 8.00, on what the port had drawn by then.
		expect(synced[0]!.costPaisa).toBeGreaterThan(0);
		expect(synced[0]!.costPaisa).toBeLessThan(costOfPort(1, 8));
		expect(costSentence({ ...synced[0]!, rule: synced[0]!.rule as Rule })).toMatch(
			/^About ৳\d+\.\d\d a day at the last 24 hours’ use\.$/
		);
		expect(await cards('HIGH_USAGE')).toBe(1);
	});

	it('under the flat tariff a heavy load in the evening raises no peak-hour alert', async () => {
		const t0 = Date.now() - 3 * 60_000;
		await post(
			server.url,
			'/api/v1/readings',
			device.token,
			Array.from({ length: 13 }, (_, i) => frame(t0 + i * 10_000, 100 + i, 2, 800))
		);
		expect(alertRows('PEAK_USAGE')).toEqual([]);
	});

	it('under a time-of-use tariff the same use in its dear hours raises one, in money', async () => {
		const saved = await api('/api/tariffs', {
			method: 'POST',
			body: JSON.stringify({
				id: 'tou',
				name: 'Time of use',
				validFrom: '2000-01-01',
				energy: {
					kind: 'tou',
					defaultRate: 6,
					windows: [{ name: 'Peak', start: dhakaTime(-60), end: dhakaTime(120), rate: 10 }]
				}
			})
		});
		expect(saved.status).toBe(201);
		const t0 = Date.now() - 3 * 60_000;
		await post(
			server.url,
			'/api/v1/readings',
			device.token,
			Array.from({ length: 13 }, (_, i) => frame(t0 + i * 10_000, 200 + i, 3, 800))
		);
		expect(alertRows('PEAK_USAGE')).toEqual([{ port: 3, count: 1, openedAt: t0, clearedAt: null }]);
		const peak = (await pull()).alerts.find((x) => x.rule === 'PEAK_USAGE')!;
		// What the dear hours cost above the cheapest rate (4.00 of 10.00 a unit).
		expect(peak).toMatchObject({ costPer: 'day', currency: 'BDT' });
		expect(peak.costPaisa).toBeGreaterThan(0);
		expect(peak.costPaisa).toBeLessThanOrEqual(costOfPort(3, 4));
		expect(await cards('PEAK_USAGE')).toBe(1);
	});

	it('acknowledge all clears every card', async () => {
		expect(await cards('HIGH_USAGE|PEAK_USAGE')).toBe(2);
		const res = await api('/api/outbox', {
			method: 'POST',
			body: JSON.stringify({ ops: [{ id: 'op-ack-all-0001', type: 'alert.acknowledgeAll' }] })
		});
		expect(res.status).toBe(200);
		expect((await pull()).alerts.every((x) => x.acknowledgedAt !== null)).toBe(true);
		expect(await cards()).toBe(0);
	});
});
