import type { ReadConnections } from '../db/connection';
/**
 * Exports for one household, scoped to the owner's devices: the seed's daily summary
 * CSV and the raw readings as CSV or JSON. File names carry the date range.
 */
import { stringify } from 'csv-stringify/sync';
import { csvText } from './csv-text';
import { roundMoney } from '../billing';
import type { DailyCosts } from '../billing/daily-costs';
import type { UsageRepository } from '../billing/usage.repository';
import type { SettingsService } from '../settings/settings.service';
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

export function createExportService(deps: {
	reads: ReadConnections;
	usage: UsageRepository;
	dailyCosts: DailyCosts;
	settings: SettingsService;
}) {
	function range(userId: number, from: string | null, to: string | null) {
		return parseDayRange(from, to, deps.settings.forUser(userId).timezone);
	}

	/**
	 * The seed's columns in the seed's order; a seventh, Device, tells apart ports of
	 * different strips without moving the seed's six.
	 */
	function summaryCsv(userId: number, r: DayRange): string {
		const currency = deps.settings.forUser(userId).currency;
		const names = new Map(deps.usage.portNames(userId).map((n) => [n.deviceId, n.deviceName]));
		const rows = deps
			.dailyCosts(userId, r.from, r.to)
			.map((d) => [
				d.day,
				d.port,
				round(d.kwh, 3).toFixed(3),
				roundMoney(d.cost).toFixed(2),
				round(d.runtimeMin, 1).toFixed(1),
				d.peakW === null ? '' : round(d.peakW, 1).toFixed(1),
				csvText(names.get(d.deviceId) ?? '')
			]);
		const header = [
			'Date',
			'Port',
			'Energy (kWh)',
			`Cost (${currency})`,
			'Runtime (minutes)',
			'Peak Usage (W)',
			'Device'
		];
		return stringify(rows, { header: true, columns: header });
	}

	return {
		summary(userId: number, from: string | null, to: string | null): ExportResult {
			const parsed = range(userId, from, to);
			if (!parsed.ok) return parsed;
			const r = parsed.range;
			return {
				ok: true,
				file: {
					filename: `multiplug-summary_${r.from}_${r.to}.csv`,
					contentType: 'text/csv; charset=utf-8',
					body: summaryCsv(userId, r)
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
