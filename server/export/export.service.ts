import type { ReadConnections } from '../db/connection';
/**
 * Exports for one household, scoped to the owner's devices: the seed's daily summary
 * CSV and the raw readings as CSV or JSON. File names carry the date range.
 */
import * as m from '../../i18n/paraglide/messages.js';
import type { Locale } from '../settings/locale';
import { stringify } from 'csv-stringify/sync';
import { csvText } from './csv-text';
import { roundMoney } from '../billing';
import type { DayUsage } from '../billing/daily-costs';
import type { UsageRepository } from '../billing/usage.repository';
import type { SettingsService } from '../settings/settings.service';
import { addDays } from '../billing/local-time';
import { parseDayRange, type DayRange } from './date-range';
import { streamReadings } from './readings-stream';

export interface ExportFile {
	filename: string;
	contentType: string;
	body: string | ReadableStream<Uint8Array>;
}

export type ExportResult =
	{ ok: true; file: ExportFile } | { ok: false; field: string; message: string };

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** [from, to] cut at calendar months: local date keys, both ends included. */
function monthSlices(from: string, to: string): [string, string][] {
	const out: [string, string][] = [];
	let start = from;
	while (start <= to) {
		const [y, m] = start.split('-').map(Number) as [number, number];
		const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
		const end = addDays(next, -1) < to ? addDays(next, -1) : to;
		out.push([start, end]);
		start = next;
	}
	return out;
}

export function createExportService(deps: {
	reads: ReadConnections;
	usage: UsageRepository;
	/** a large household's are worked out off this thread */
	dailyCosts: (userId: number, from: string, to: string) => Promise<DayUsage[]>;
	settings: SettingsService;
}) {
	function range(userId: number, from: string | null, to: string | null) {
		return parseDayRange(from, to, deps.settings.forUser(userId).timezone);
	}

	/**
	 * The seed's columns in the seed's order; a seventh, Device, tells apart ports of
	 * different strips without moving the seed's six. Streamed a calendar month at a time,
	 * each month its own short piece of work after a turn of the event loop: a year of 200
	 * ports is 73,000 rows and thirteen months of prices, which as one string held the
	 * process for seconds and went on after the client had gone.
	 */
	function summaryCsv(userId: number, r: DayRange, locale: Locale): ReadableStream<Uint8Array> {
		const currency = deps.settings.forUser(userId).currency;
		const names = new Map(deps.usage.portNames(userId).map((n) => [n.deviceId, n.deviceName]));
		// The header row in the reader's language; the figures stay machine-readable.
		const o = { locale };
		const header = [
			m.csv_date({}, o),
			m.csv_port({}, o),
			m.csv_energy({}, o),
			m.csv_cost({ currency }, o),
			m.csv_runtime({}, o),
			m.csv_peak({}, o),
			m.csv_device({}, o)
		];
		const months = monthSlices(r.from, r.to);
		const encoder = new TextEncoder();
		let next = 0;
		return new ReadableStream<Uint8Array>(
			{
				async pull(controller) {
					await new Promise<void>((resume) => setImmediate(resume));
					const slice = months[next++];
					if (!slice) {
						controller.close();
						return;
					}
					const days = await deps.dailyCosts(userId, slice[0], slice[1]);
					const rows = days.map((d) => [
						d.day,
						d.port,
						round(d.kwh, 3).toFixed(3),
						roundMoney(d.cost).toFixed(2),
						round(d.runtimeMin, 1).toFixed(1),
						d.peakW === null ? '' : round(d.peakW, 1).toFixed(1),
						csvText(names.get(d.deviceId) ?? '')
					]);
					controller.enqueue(
						encoder.encode(stringify(rows, { header: next === 1, columns: header }))
					);
					if (next === months.length) controller.close();
				}
			},
			{ highWaterMark: 1 }
		);
	}

	return {
		summary(
			userId: number,
			from: string | null,
			to: string | null,
			locale: Locale = 'en'
		): ExportResult {
			const parsed = range(userId, from, to);
			if (!parsed.ok) return parsed;
			const r = parsed.range;
			return {
				ok: true,
				file: {
					filename: `multiplug-summary_${r.from}_${r.to}.csv`,
					contentType: 'text/csv; charset=utf-8',
					body: summaryCsv(userId, r, locale)
				}
			};
		},
		readings(
			userId: number,
			from: string | null,
			to: string | null,
			format: 'csv' | 'json'
		): ExportResult {
			const parsed = range(userId, from, to);
			if (!parsed.ok) return parsed;
			const r = parsed.range;
			return {
				ok: true,
				file: {
					filename: `multiplug-readings_${r.from}_${r.to}.${format}`,
					contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
					body: streamReadings(deps.reads, userId, r.start, r.end, format)
				}
			};
		}
	};
}

export type ExportService = ReturnType<typeof createExportService>;
