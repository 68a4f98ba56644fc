import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF } from '../../server/billing';
import {
	addDevice,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';
import { openTestDb } from '../helpers/db';

let server: RunningServer;
let account: Account;
let deviceId: number;

// 20–25 January 2025 in Dhaka (UTC+6, no DST): 6 days × 96 quarter hours.
const JAN_20 = Date.UTC(2025, 0, 19, 18);
const BUCKETS = 6 * 96;
const MJ_PER_KWH = 3_600_000_000;

function seedBuckets(port: number, kwh: number) {
	const db = openTestDb(server.dbPath);
	try {
		const insert = db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (?, ?, ?, ?, 900000, 500, 90)`
		);
		const each = (kwh * MJ_PER_KWH) / BUCKETS;
		expect(Number.isInteger(each)).toBe(true);
		db.transaction(() => {
			for (let i = 0; i < BUCKETS; i++) insert.run(deviceId, port, JAN_20 + i * 900_000, each);
		})();
	} finally {
		db.close();
	}
}

const api = (path: string, init: RequestInit = {}, who = account) =>
	fetch(server.url + path, {
		...init,
		headers: { cookie: who.cookie, 'content-type': 'application/json', ...init.headers }
	});

interface View {
	hasData: boolean;
	household: { total: number; energyCharge: number; vat: number; meterRent: number } | null;
	householdKwh: number | null;
	basis: { readingsInside: number; restFrom: string; exact: boolean } | null;
	strips: { kwh: number; cost: number; ports: { port: string; cost: number }[] };
	change: unknown;
}

async function bill(month: string, who = account): Promise<View> {
	const res = await api(`/api/bills?month=${month}`, {}, who);
	expect(res.status).toBe(200);
	return (await res.json()) as View;
}

async function meter(body: Record<string, unknown>, who = account) {
	const res = await api('/api/meter', { method: 'POST', body: JSON.stringify(body) }, who);
	return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
	server = await startServer();
	account = await signUp(server.url);
	({ id: deviceId } = await addDevice(server.dbPath, 'Bill strip', 2, account.email));
	seedBuckets(1, 150);
	seedBuckets(2, 100);
});
afterAll(async () => {
	await server.stop();
	server.cleanup();
});

describe('the household bill from meter readings entered through the routes', () => {
	it('prices the strips at the default flat 8.0 BDT/kWh, and has no bill for a month before any data', async () => {
		const jan = await bill('2025-01');
		expect(jan.strips.kwh).toBeCloseTo(250, 9);
		expect(jan.strips.cost).toBe(2000);
		expect(jan.household).toBeNull();
		const dec = await bill('2024-12');
		expect(dec.hasData).toBe(false);
		expect(dec.strips.cost).toBe(0);
	});

	it('bills the household on its readings of the 3rd and the 28th, and the strips for what they add', async () => {
		const saved = await api('/api/tariffs', {
			method: 'POST',
			body: JSON.stringify({ ...BD_LT_A_RESIDENTIAL_TARIFF, sanctionedLoadKw: 2, meterRent: 40 })
		});
		expect(saved.status).toBe(201);
		const set = await meter({
			action: 'save',
			kind: 'postpaid',
			phase: 'single',
			sanctionedLoadKw: '2',
			date: '2025-01-03',
			kwh: '10,000'
		});
		expect(set.status).toBe(200);
		expect((await meter({ action: 'addReading', date: '2025-01-28', kwh: '10325' })).status).toBe(
			200
		);
		const jan = await bill('2025-01');
		// 325 units from the 3rd to the 28th, 250 of them the strips': the rest of the home
		// used 3 a day, so 2.5 days before and 3.5 days after add 7.5 and 10.5: 343 units.
		expect(jan.householdKwh).toBeCloseTo(343, 6);
		expect(jan.basis).toMatchObject({ readingsInside: 2, restFrom: 'readings', exact: false });
		expect(jan.household).toMatchObject({
			energyCharge: 2398.36,
			vat: 124.12,
			meterRent: 40,
			total: 2646.48
		});
		// Without the strips: 93 units, 678.51. The strips add the difference, split 150 : 100.
		expect(jan.strips.cost).toBe(1967.97);
		expect(jan.strips.ports.map((p) => [p.port, p.cost])).toEqual([
			[`${deviceId}:1`, 1180.78],
			[`${deviceId}:2`, 787.19]
		]);
	});

	it('estimates a month with no reading from the rate the readings taught, and says so', async () => {
		const feb = await bill('2025-02');
		expect(feb.householdKwh).toBeCloseTo(84, 6);
		expect(feb.basis).toMatchObject({ readingsInside: 0, restFrom: 'readings', exact: false });
		expect(feb.household!.total).toBe(610.47);
		expect(feb.strips.cost).toBe(0);
	});

	it('refuses a reading lower than the last, a future date and a non-number, naming the field and storing nothing', async () => {
		const before = ((await (await api('/api/meter')).json()) as { readings: unknown[] }).readings
			.length;
		const lower = await meter({ action: 'addReading', date: '2025-02-05', kwh: '10300' });
		expect(lower.status).toBe(400);
		expect(lower.body.error).toMatchObject({ code: 'invalid_meter', field: 'kwh' });
		expect(lower.body.error.message).toMatch(/never runs backwards/);
		const future = await meter({ action: 'addReading', date: '2999-01-01', kwh: '20000' });
		expect(future.body.error).toMatchObject({ field: 'date' });
		const word = await meter({ action: 'addReading', date: '2025-02-05', kwh: 'a lot' });
		expect(word.body.error).toMatchObject({ field: 'kwh' });
		const load = await meter({ action: 'save', sanctionedLoadKw: 'two' });
		expect(load.body.error).toMatchObject({ field: 'sanctionedLoadKw' });
		const after = ((await (await api('/api/meter')).json()) as { readings: unknown[] }).readings
			.length;
		expect(after).toBe(before);
		expect((await bill('2025-01')).household!.total).toBe(2646.48);
	});

	it('counts a replaced meter’s units and the new one’s, never the jump between their registers', async () => {
		const replaced = await meter({
			action: 'replace',
			date: '2025-02-10',
			oldKwh: '10364',
			newKwh: '0'
		});
		expect(replaced.status).toBe(200);
		expect((await meter({ action: 'addReading', date: '2025-02-20', kwh: '30' })).status).toBe(200);
		const feb = await bill('2025-02');
		expect(feb.householdKwh).toBeCloseTo(84, 6);
		expect(feb.household!.total).toBe(610.47);
		expect((await bill('2025-01')).household!.total).toBe(2646.48);
	});

	it('rests a household with no reading on its own estimate of a month', async () => {
		const other = await signUp(server.url);
		const set = await meter(
			{
				action: 'save',
				kind: 'postpaid',
				phase: 'single',
				sanctionedLoadKw: '2',
				monthlyKwh: '৩০০'
			},
			other
		);
		expect(set.status).toBe(200);
		const now = await (await api('/api/bills', {}, other)).json();
		expect(now.hasData).toBe(true);
		expect(now.basis.restFrom).toBe('estimate');
		expect(now.householdKwh).toBeGreaterThan(0);
	});

	it('shows another household none of it', async () => {
		const other = await signUp(server.url);
		const jan = await bill('2025-01', other);
		expect(jan.hasData).toBe(false);
		expect(jan.strips.ports).toEqual([]);
		expect(jan.household).toBeNull();
	});

	it('refuses an invalid tariff with the field named', async () => {
		const res = await api('/api/tariffs', {
			method: 'POST',
			body: JSON.stringify({
				name: 'Bad',
				validFrom: '2025-02-30',
				energy: { kind: 'flat', rate: 5 }
			})
		});
		expect(res.status).toBe(400);
		expect((await res.json()).error.message).toMatch(/^validFrom: /);
	});
});
