/**
 * Series for the history charts, shaped for uPlot (a shared x axis in seconds and one
 * array of values per port, null where nothing was measured). Power comes from raw
 * readings averaged per bin; energy bars from the daily and monthly rollups, whose keys
 * are local dates in the household's zone.
 */
import { addDays } from '../billing/local-time';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { mjToKwh } from '../energy/units';
import { localDayKey } from '../time/calendar-keys';
import type { SettingsService } from '../settings/settings.service';
import { portKey, type UsageRepository } from '../billing/usage.repository';
import { parseMonthKey } from '../billing/month-keys';

export interface Series {
	/** per port, in the order of `values` */
	ports: { key: string; name: string }[];
	/** x axis: UNIX seconds (power) or the bar labels' index (energy) */
	x: number[];
	/** bar labels for energy charts ('YYYY-MM-DD' or 'YYYY-MM'); empty for power */
	labels: string[];
	values: (number | null)[][];
	unit: 'W' | 'kWh';
}

export const POWER_SPANS = {
	hour: { ms: 3_600_000, binMs: 10_000 },
	day: { ms: 86_400_000, binMs: 60_000 }
};
export type PowerSpan = keyof typeof POWER_SPANS;

export function createHistoryService(
	db: Db,
	usage: UsageRepository,
	settings: SettingsService,
	clock: Clock
) {
	const binned = db.prepare(
		// `%` works on integers in SQLite; `/` would divide as REAL, since numbers bind as REAL.
		`SELECT ts - ts % @bin AS t, avg(power) AS w FROM readings
		 WHERE device_id = @device AND port = @port AND ts >= @start AND ts < @end GROUP BY t`
	);

	function portsOf(userId: number) {
		return usage.portNames(userId).map((n) => ({
			deviceId: n.deviceId,
			port: n.port,
			key: portKey(n.deviceId, n.port),
			name: `${n.deviceName} · ${n.label ?? `Port ${n.port}`}`
		}));
	}

	function bars(
		userId: number,
		labels: string[],
		rows: { device_id: number; port: number; key: string; energy_mj: number }[]
	): Series {
		const ports = portsOf(userId);
		const index = new Map(labels.map((l, i) => [l, i]));
		const col = new Map(ports.map((p, i) => [p.key, i]));
		const values = ports.map(() => labels.map(() => 0 as number | null));
		for (const r of rows) {
			const i = index.get(r.key);
			const c = col.get(portKey(r.device_id, r.port));
			if (i !== undefined && c !== undefined) values[c]![i] = mjToKwh(r.energy_mj);
		}
		return {
			ports: ports.map(({ key, name }) => ({ key, name })),
			x: labels.map((_, i) => i),
			labels,
			values,
			unit: 'kWh'
		};
	}

	return {
		power(userId: number, span: PowerSpan, only?: { deviceId: number; port: number }): Series {
			const { ms, binMs } = POWER_SPANS[span];
			const end = Math.ceil(clock.now() / binMs) * binMs;
			const start = end - ms;
			// One port's page asks for its own line only, not a query per port of the household.
			const ports = portsOf(userId).filter(
				(p) => !only || (p.deviceId === only.deviceId && p.port === only.port)
			);
			const x = Array.from({ length: ms / binMs }, (_, i) => (start + i * binMs) / 1000);
			const values = ports.map((p) => {
				const col: (number | null)[] = x.map(() => null);
				for (const r of binned.all({
					bin: binMs,
					device: p.deviceId,
					port: p.port,
					start,
					end
				}) as { t: number; w: number }[]) {
					col[(r.t - start) / binMs] = Math.round(r.w * 10) / 10;
				}
				return col;
			});
			return {
				ports: ports.map(({ key, name }) => ({ key, name })),
				x,
				labels: [],
				values,
				unit: 'W'
			};
		},
		/** Daily kWh for each day of a calendar month ('YYYY-MM'; default this month). */
		daily(userId: number, month?: string): Series {
			const key = month ?? localDayKey(clock.now(), settings.forUser(userId).timezone).slice(0, 7);
			parseMonthKey(key); // throws on a malformed key
			const days: string[] = [];
			for (let d = `${key}-01`; d.startsWith(key); d = addDays(d, 1)) days.push(d);
			return bars(userId, days, usage.daily(userId, days[0]!, days[days.length - 1]!));
		},
		/** Monthly kWh for the twelve months of a year (default this year). */
		monthly(userId: number, year?: number): Series {
			const y =
				year ?? Number(localDayKey(clock.now(), settings.forUser(userId).timezone).slice(0, 4));
			const months = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
			return bars(userId, months, usage.monthly(userId, months[0]!, months[11]!));
		}
	};
}

export type HistoryService = ReturnType<typeof createHistoryService>;
