import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF, billingPeriod, localMidnight } from '../../server/billing';
import { runMeter, type PrepaidRules } from '../../server/billing/prepaid';
import { stateAt, type MeterHistory } from '../../server/billing/prepaid-history';
import { parseTariff } from '../../server/billing/tariff';
import {
	FakeBrowser,
	startWithPushService,
	type PushRig,
	type PushService
} from '../helpers/push-service';
import { addDevice, post, signUp, type Account, type RunningServer } from '../helpers/server';
import { openTestDb } from '../helpers/db';

const DAY = 86_400_000;
let rig: PushRig;
let service: PushService;
let server: RunningServer;
let account: Account;
let device: { id: number; token: string };
let t0: number;

const api = (path: string, init: RequestInit = {}, who = account) =>
	fetch(server.url + path, {
		...init,
		headers: {
			origin: server.url,
			cookie: who.cookie,
			'content-type': 'application/json',
			...init.headers
		}
	});
const meter = async (body: Record<string, unknown>) => {
	const res = await api('/api/meter', { method: 'POST', body: JSON.stringify(body) });
	return { status: res.status, body: await res.json() };
};
const prepaid = async () =>
	(
		(await (await api('/api/bills')).json()) as {
			prepaid: {
				balance: number;
				daysLeft: number | null;
				runOut: { at: number; early: number; late: number } | null;
				recharges: { amount: number }[];
			} | null;
		}
	).prepaid;
/** The household's date in Dhaka, `daysAgo` days before now. */
const dhakaDate = (daysAgo: number) =>
	new Date(Date.now() - daysAgo * DAY + 6 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
	rig = await startWithPushService('prepaid', { TZ: 'Asia/Dhaka' });
	({ service, server } = rig);
	account = await signUp(server.url);
	device = await addDevice(server.dbPath, 'Prepaid strip', 2, account.email);
	// A week of a 250 W load on port 1 through the device API: a frame every 5 minutes.
	t0 = Date.now() - 7 * DAY;
	const frames = Array.from({ length: 7 * 288 }, (_, i) => ({
		ts: t0 + i * 300_000,
		seq: i + 1,
		ports: [{ port: 1, voltage: 230, current: 1.09, power: 250, energy_wh: 1000 + i * (250 / 12) }]
	}));
	for (let i = 0; i < frames.length; i += 1000) {
		expect(
			(await post(server.url, '/api/v1/readings', device.token, frames.slice(i, i + 1000))).status
		).toBe(200);
	}
	expect(
		(
			await api('/api/tariffs', {
				method: 'POST',
				body: JSON.stringify({ ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 })
			})
		).status
	).toBe(201);
}, 120_000);

afterAll(() => rig?.stop());

describe('a prepaid household', () => {
	it('refuses a recharge of nothing and one dated tomorrow, naming the field', async () => {
		expect(
			(
				await meter({
					action: 'save',
					kind: 'prepaid',
					phase: 'single',
					sanctionedLoadKw: '2',
					monthlyKwh: '180'
				})
			).status
		).toBe(200);
		const zero = await meter({ action: 'recharge', amount: '0' });
		expect(zero).toMatchObject({
			status: 400,
			body: { error: { code: 'invalid_meter', field: 'amount' } }
		});
		const tomorrow = await meter({ action: 'recharge', amount: '500', date: dhakaDate(-1) });
		expect(tomorrow.body.error.field).toBe('date');
		expect(await prepaid()).toMatchObject({ empty: true, recharges: [] });
	});

	it('warns by push, in money, when the balance will last under three days, and clears it when a recharge lands', async () => {
		const phone = new FakeBrowser(`${service.url}/push/prepaid`);
		expect(
			(
				await api('/api/push/subscriptions', {
					method: 'POST',
					body: JSON.stringify(phone.toJSON())
				})
			).status
		).toBe(201);
		expect(
			(await meter({ action: 'recharge', amount: '500', date: dhakaDate(3), token: '0123 4567' }))
				.status
		).toBe(200);
		// The meter shows 80 now: the strip's six units a day eat that in two or three days.
		expect((await meter({ action: 'balance', amount: '80' })).status).toBe(200);
		const low = (await prepaid())!;
		expect(low.balance).toBe(80);
		expect(low.daysLeft).toBeGreaterThan(0.5);
		expect(low.daysLeft).toBeLessThan(3);
		expect(low.runOut!.early).toBeLessThanOrEqual(low.runOut!.at);
		expect(low.runOut!.late).toBeGreaterThanOrEqual(low.runOut!.at);

		const [msg] = await service.waitFor('/push/prepaid');
		const payload = phone.decrypt(msg!);
		expect(payload.title).toBe('Warning: Balance running low');
		expect(payload.body).toMatch(
			/Balance about ৳80\.00: at the recent pace it runs out \w{3}, \w{3} \d+, (morning|afternoon|evening|night)/
		);

		// Recharged offline, applied when the phone is back: the warning clears.
		const ops = [
			{
				id: 'prepaid-recharge-1',
				type: 'prepaid.recharge',
				amount: 1000,
				at: Date.now(),
				token: null
			}
		];
		const answer = await api('/api/outbox', { method: 'POST', body: JSON.stringify({ ops }) });
		expect(answer.status).toBe(200);
		const results = ((await answer.json()) as { results: { status: string }[] }).results;
		expect(results).toEqual([{ id: 'prepaid-recharge-1', status: 'applied' }]);
		const after = (await prepaid())!;
		expect(after.balance).toBeGreaterThan(1000);
		expect(after.recharges.map((r) => r.amount)).toEqual([1000, 500]);
		const db = openTestDb(server.dbPath, { readonly: true });
		try {
			const rows = db
				.prepare(`SELECT tag, cleared_at FROM alerts WHERE rule = 'BALANCE_LOW' ORDER BY id`)
				.all() as { tag: string; cleared_at: number | null }[];
			expect(rows).toHaveLength(1);
			expect(rows[0]!.tag).toMatch(/^3d:\d+$/);
			expect(rows[0]!.cleared_at).not.toBeNull();
		} finally {
			db.close();
		}
	});

	it('a simulated week with two balance readings: balance and run-out within 10 % of what the meter’s own rules give', async () => {
		const other = await signUp(server.url);
		const strip = await addDevice(server.dbPath, 'Week strip', 1, other.email);
		// The same week of 250 W on this household's own strip.
		const frames = Array.from({ length: 7 * 288 }, (_, i) => ({
			ts: t0 + i * 300_000,
			seq: i + 1,
			ports: [
				{ port: 1, voltage: 230, current: 1.09, power: 250, energy_wh: 1000 + i * (250 / 12) }
			]
		}));
		for (let i = 0; i < frames.length; i += 1000) {
			expect(
				(await post(server.url, '/api/v1/readings', strip.token, frames.slice(i, i + 1000))).status
			).toBe(200);
		}
		const as = (path: string, body: unknown) =>
			api(path, { method: 'POST', body: JSON.stringify(body) }, other);
		expect(
			(await as('/api/tariffs', { ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 })).status
		).toBe(201);
		expect(
			(
				await as('/api/meter', {
					action: 'save',
					kind: 'prepaid',
					phase: 'single',
					sanctionedLoadKw: '2'
				})
			).status
		).toBe(200);
		expect(
			(await as('/api/meter', { action: 'recharge', amount: '3000', date: dhakaDate(6) })).status
		).toBe(200);

		// The meter's own rules with the rest of the home at 4 units a day: what it would show.
		const noon = (daysAgo: number) => {
			const [y, m, d] = dhakaDate(daysAgo).split('-').map(Number) as [number, number, number];
			return localMidnight(y, m, d, 'Asia/Dhaka') + 12 * 3_600_000;
		};
		const lt = parseTariff({ ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 });
		const rules: PrepaidRules = {
			periodOf: (at) => billingPeriod(at, 'Asia/Dhaka'),
			tariffAt: () => lt,
			sanctionedLoadKw: 2,
			rebatePercent: 0.5
		};
		const measured = (from: number, to: number) =>
			(Math.max(0, Math.min(to, t0 + frames.length * 300_000) - Math.max(from, t0)) / 3_600_000) *
			0.25;
		const history: MeterHistory = {
			rules,
			recharges: [{ at: noon(6), amount: 3000 }],
			readings: [],
			stripKwh: measured,
			hourly: () => (hour) => measured(hour, hour + 3_600_000),
			now: Date.now()
		};
		const rest = 4 / DAY;
		const a = { at: noon(5), amount: 2600 };
		const b = runMeter(
			rules,
			stateAt(history, a.at, a.amount, rest),
			noon(1),
			history.recharges,
			history.hourly(0, 0),
			rest
		);
		expect(
			(await as('/api/meter', { action: 'balance', amount: '2600', date: dhakaDate(5) })).status
		).toBe(200);
		expect(
			(
				await as('/api/meter', {
					action: 'balance',
					amount: b.end.balance.toFixed(2),
					date: dhakaDate(1)
				})
			).status
		).toBe(200);

		const view = (
			(await (await api('/api/bills', {}, other)).json()) as {
				prepaid: { balance: number; daysLeft: number; restPerDay: number; restFrom: string };
			}
		).prepaid;
		expect(view.restFrom).toBe('balance');
		const now = Date.now();
		const truthNow = runMeter(rules, b.end, now, [], history.hourly(0, 0), rest).end;
		// The rules again, ahead at the strips' steady 250 W and the same rest of the home.
		const empty = runMeter(
			rules,
			truthNow,
			now + 62 * DAY,
			[],
			history.hourly(0, 0),
			rest,
			true
		).emptyAt!;
		expect(Math.abs(view.balance - truthNow.balance) / truthNow.balance).toBeLessThan(0.1);
		const truthDays = (empty - now) / DAY;
		expect(Math.abs(view.daysLeft - truthDays) / truthDays).toBeLessThan(0.1);
		expect(Math.abs(view.restPerDay - 4) / 4).toBeLessThan(0.1);
	});
});
