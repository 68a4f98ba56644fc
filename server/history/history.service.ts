/**
 * What the history page draws, shaped for uPlot (a shared x axis and one array of values
 * per port). A period's energy and money come from the buckets and rollups (period-cells.ts),
 * never from raw readings; only the live last hour reads raw readings, an hour of them,
 * averaged per minute (the buckets fill a minute that has none). Every answer has at most
 * 60 slots per port (the last hour's minutes), a value in kWh and, when asked, one in money
 * each, so its size grows with the ports an account may have and nothing else.
 */
import { portDisplayName } from '../devices/port-name';
import { fromPaisa, toPaisa } from '../billing/paisa';
import { portKey } from '../billing/usage.repository';
import type { Clock } from '../clock';
import { BUCKET_MS } from '../energy/units';
import { localDayKey } from '../time/calendar-keys';
import type { HistoryRepository } from './history.repository';
import { createPeriodCells, type CellsDeps } from './period-cells';
import { periodOf, shiftPeriod, type Period, type PeriodView } from './periods';

export interface Series {
	/** per port, in the order of `values` */
	ports: { key: string; name: string }[];
	/** x axis: UNIX seconds (power) or the slot's index (energy) */
	x: number[];
	/** slot labels for energy charts ('HH:MM', 'YYYY-MM-DD' or 'YYYY-MM'); empty for power */
	labels: string[];
	/** null where nothing was measured (power) or the slot is still to come (energy) */
	values: (number | null)[][];
	unit: 'W' | 'kWh';
}

export interface PowerView {
	kind: 'power';
	series: Series;
	binSeconds: number;
	timezone: string;
}

export interface PeriodFigures {
	first: string;
	last: string;
	/** all ports together, per slot */
	kwh: (number | null)[];
	/** null when money was not asked for */
	money: (number | null)[] | null;
	totalKwh: number;
	/** rounded to the paisa (hundredth), as the bills page shows it */
	totalMoney: number | null;
}

export interface EnergyView {
	kind: 'energy';
	view: PeriodView;
	today: string;
	currency: string;
	timezone: string;
	/** first day of the periods before and after; null when the next has not begun */
	prev: string;
	next: string | null;
	series: Series;
	/** per port and slot, in the currency, to the paisa; null when not asked for */
	money: (number | null)[][] | null;
	/** per port over the whole period, in the order of series.ports */
	ports: { kwh: number; money: number | null }[];
	current: PeriodFigures;
	previous: PeriodFigures;
}

/** The live power chart: the last hour in one-minute bins. */
export const POWER_BIN_MS = 60_000;
const POWER_SPAN_MS = 3_600_000;
const PORT_DAY_MS = 86_400_000;

const kwh4 = (k: number) => Math.round(k * 10_000) / 10_000;
const paisa = (amount: number) => fromPaisa(toPaisa(amount));

export interface HistoryDeps extends CellsDeps {
	repo: HistoryRepository;
	clock: Clock;
}

export function createHistoryService(d: HistoryDeps) {
	const cells = createPeriodCells(d);

	function portsOf(userId: number) {
		return d.usage.portNames(userId).map((n) => ({
			key: portKey(n.deviceId, n.port),
			name: portDisplayName(n.deviceName, n.label, n.port, d.settings.forUser(userId).locale)
		}));
	}

	function figures(
		userId: number,
		p: Period,
		keys: string[],
		at: { now: number; today: string },
		money: boolean
	) {
		const c = cells(userId, p, keys, at, money);
		const slot = (rows: number[][], i: number) =>
			c.future(i) ? null : rows.reduce((a, row) => a + row[i]!, 0);
		const total: PeriodFigures = {
			first: p.first,
			last: p.last,
			kwh: c.labels.map((_, i) => {
				const v = slot(c.kwh, i);
				return v === null ? null : kwh4(v);
			}),
			money: money
				? c.labels.map((_, i) => {
						const v = slot(c.cost, i);
						return v === null ? null : paisa(v);
					})
				: null,
			totalKwh: kwh4(c.perPort.reduce((a, x) => a + x.kwh, 0)),
			totalMoney: money ? paisa(c.perPort.reduce((a, x) => a + x.money, 0)) : null
		};
		return { cells: c, total };
	}

	return {
		/** The last hour's power per port, averaged per minute from the stored readings. */
		power(userId: number): PowerView {
			const now = d.clock.now();
			const end = Math.ceil(now / POWER_BIN_MS) * POWER_BIN_MS;
			const start = end - POWER_SPAN_MS;
			const ports = portsOf(userId);
			const col = new Map(ports.map((p, i) => [p.key, i]));
			const x = Array.from({ length: POWER_SPAN_MS / POWER_BIN_MS }, (_, i) =>
				Math.round((start + i * POWER_BIN_MS) / 1000)
			);
			const values = ports.map(() => x.map((): number | null => null));
			for (const r of d.repo.powerBins(userId, start, end, POWER_BIN_MS)) {
				const c = col.get(portKey(r.device_id, r.port));
				if (c !== undefined) values[c]![(r.t - start) / POWER_BIN_MS] = Math.round(r.w * 10) / 10;
			}
			// A minute with no raw reading (readings not kept, or a strip that reports seldom)
			// takes its quarter hour's average power from the buckets, once that quarter is over
			// (the running one's energy so far would read low).
			for (const b of d.usage.buckets(userId, start - BUCKET_MS, end)) {
				const c = col.get(portKey(b.device_id, b.port));
				const until = b.start + BUCKET_MS;
				if (c === undefined || until > now) continue;
				const w = Math.round((b.energy_mj / BUCKET_MS) * 10) / 10; // mJ per ms = W
				for (let t = Math.max(b.start, start); t < until; t += POWER_BIN_MS) {
					const i = Math.floor((t - start) / POWER_BIN_MS);
					if (values[c]![i] === null) values[c]![i] = w;
				}
			}
			return {
				kind: 'power',
				series: { ports, x, labels: [], values, unit: 'W' },
				binSeconds: POWER_BIN_MS / 1000,
				timezone: d.settings.forUser(userId).timezone
			};
		},

		/** One port's power over the last 24 hours, per minute (the port page); null if not the user's. */
		portPower(userId: number, deviceId: number, port: number): Series | null {
			const key = portKey(deviceId, port);
			const own = portsOf(userId).find((p) => p.key === key);
			if (!own) return null;
			const end = Math.ceil(d.clock.now() / POWER_BIN_MS) * POWER_BIN_MS;
			const start = end - PORT_DAY_MS;
			const x = Array.from({ length: PORT_DAY_MS / POWER_BIN_MS }, (_, i) =>
				Math.round((start + i * POWER_BIN_MS) / 1000)
			);
			const values = x.map((): number | null => null);
			for (const r of d.repo.portPowerBins(deviceId, port, start, end, POWER_BIN_MS)) {
				values[(r.t - start) / POWER_BIN_MS] = Math.round(r.w * 10) / 10;
			}
			return { ports: [own], x, labels: [], values: [values], unit: 'W' };
		},

		/**
		 * Energy (and money, when asked: pricing reads the bills) of the period of `view`
		 * holding `date` (default today), with the period before for comparison.
		 */
		energy(userId: number, view: PeriodView, date?: string, money = false): EnergyView {
			const s = d.settings.forUser(userId);
			const now = d.clock.now();
			const at = { now, today: localDayKey(now, s.timezone) };
			const period = periodOf(view, date ?? at.today);
			const ports = portsOf(userId);
			const keys = ports.map((p) => p.key);
			const cur = figures(userId, period, keys, at, money);
			const before = shiftPeriod(view, period.first, -1);
			const after = shiftPeriod(view, period.first, 1);
			const c = cur.cells;
			const hide = (row: number[], round: (v: number) => number) =>
				row.map((v, i) => (c.future(i) ? null : round(v)));
			return {
				kind: 'energy',
				view,
				today: at.today,
				currency: s.currency,
				timezone: s.timezone,
				prev: before.first,
				next: after.first > at.today ? null : after.first,
				series: {
					ports,
					x: c.labels.map((_, i) => i),
					labels: c.labels,
					values: c.kwh.map((row) => hide(row, kwh4)),
					unit: 'kWh'
				},
				money: money ? c.cost.map((row) => hide(row, paisa)) : null,
				ports: c.perPort.map((x) => ({ kwh: kwh4(x.kwh), money: money ? paisa(x.money) : null })),
				current: cur.total,
				previous: figures(userId, before, keys, at, money).total
			};
		}
	};
}

export type HistoryService = ReturnType<typeof createHistoryService>;
