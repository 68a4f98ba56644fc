import type { ReadConnections } from '../db/connection';
/**
 * Exports for one household, scoped to the owner's devices: the seed's daily summary
 * CSV and the raw readings as CSV or JSON. File names carry the date range.
 */
import type { Locale } from '../settings/locale';
import type { UsageRepository } from '../billing/usage.repository';
import type { SettingsService } from '../settings/settings.service';
import { addDays } from '../billing/local-time';
import { parseDayRange, type DayRange } from './date-range';
import { streamReadings } from './readings-stream';
import type { SummaryChunkAsync } from './summary-chunk';

export interface ExportFile {
	filename: string;
	contentType: string;
	body: string | ReadableStream<Uint8Array>;
}

export type ExportResult =
	{ ok: true; file: ExportFile } | { ok: false; field: string; message: string };

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
	/** a month of the summary CSV (a large household's is written off this thread) */
	summaryChunk: SummaryChunkAsync;
	settings: SettingsService;
}) {
	function range(userId: number, from: string | null, to: string | null) {
		return parseDayRange(from, to, deps.settings.forUser(userId).timezone);
	}

	/**
	 * The summary CSV (summary-chunk.ts), streamed a calendar month at a time, each month
	 * its own short piece of work after a turn of the event loop: a year of 200
	 * ports is 73,000 rows and thirteen months of prices, which as one string held the
	 * process for seconds and went on after the client had gone.
	 */
	function summaryCsv(userId: number, r: DayRange, locale: Locale): ReadableStream<Uint8Array> {
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
					const text = await deps.summaryChunk(userId, slice[0], slice[1], locale, next === 1);
					controller.enqueue(encoder.encode(text));
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
