import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF } from '../../server/billing';
import {
	addDevice,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

let server: RunningServer;
let account: Account;
let deviceId: number;

// 20–25 January 2025 in Dhaka (UTC+6, no DST): 6 days × 96 quarter hours.
const JAN_20 = Date.UTC(2025, 0, 19, 18);
const BUCKETS = 6 * 96;
const MJ_PER_KWH = 3_600_000_000;

function seedBuckets(port: number, kwh: number) {
	const db = new Database(server.dbPath);
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

async function bill(month: string, who = account) {
	const res = await api(`/api/bills?month=${month}`, {}, who);
	expect(res.status).toBe(200);
	return (await res.json()) as {
		bill: {
			total: number;
			totalKwh: number;
			energyCharge: number;
			demand: number;
			vat: number;
			energyLines: { label: string; kwh: number; amount: number }[];
		};
		ports: { key: string; kwh: number; energyCharge: number }[];
	};
}

const cents = (n: number) => Math.round(n * 100) / 100;

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

describe('bills from stored buckets and the tariff in the database', () => {
	it('prices a month at the default flat 8.0 BDT/kWh before any tariff is saved', async () => {
		const { bill: b } = await bill('2025-01');
		expect(b.totalKwh).toBeCloseTo(250, 9);
		expect(cents(b.total)).toBe(2000);
	});

	it('comes to 1,845.90 BDT for the worked example of tariffs.md (LT-A, 250 kWh, 2 kW)', async () => {
		const res = await api('/api/tariffs', {
			method: 'POST',
			body: JSON.stringify({ ...BD_LT_A_RESIDENTIAL_TARIFF, sanctionedLoadKw: 2 })
		});
		expect(res.status).toBe(201);
		const { bill: b, ports } = await bill('2025-01');
		expect(b.energyLines.map((l) => [l.label, l.kwh, cents(l.amount)])).toEqual([
			['0–75 kWh', 75, 394.5],
			['75–200 kWh', 125, 900],
			['200–300 kWh', 50, 379.5]
		]);
		expect(cents(b.energyCharge)).toBe(1674);
		expect(cents(b.demand)).toBe(84);
		expect(cents(b.vat)).toBe(87.9);
		expect(cents(b.total)).toBe(1845.9);
		// Ports pay the slab charge pro rata to their energy: 150 and 100 of 250 kWh.
		expect(ports.map((p) => [p.key, cents(p.energyCharge)])).toEqual([
			[`${deviceId}:1`, 1004.4],
			[`${deviceId}:2`, 669.6]
		]);
	});

	it('recomputes the month when a tariff version starts in the middle of it, and again when it is removed', async () => {
		const res = await api('/api/tariffs', {
			method: 'POST',
			body: JSON.stringify({
				name: 'Flat 10',
				validFrom: '2025-01-16',
				energy: { kind: 'flat', rate: 10 }
			})
		});
		expect(res.status).toBe(201);
		// 1–15 January under LT-A: no energy, demand 84 × 15/31 with 5 % VAT on it.
		// 16–31 January flat 10: all 250 kWh (measured 20–25 January), no VAT.
		const { bill: b } = await bill('2025-01');
		expect(cents(b.total)).toBe(cents(2500 + 84 * (15 / 31) * 1.05));
		// December has no energy: its demand charge with VAT, under LT-A alone.
		expect(cents((await bill('2024-12')).bill.total)).toBe(88.2);

		expect((await api('/api/tariffs?validFrom=2025-01-16', { method: 'DELETE' })).status).toBe(204);
		expect(cents((await bill('2025-01')).bill.total)).toBe(1845.9);
	});

	it('shows another household none of it', async () => {
		const other = await signUp(server.url);
		const { bill: b, ports } = await bill('2025-01', other);
		expect(b.totalKwh).toBe(0);
		expect(ports).toEqual([]);
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
