import { stringify } from 'csv-stringify/sync';
import * as m from '../../i18n/paraglide/messages.js';
import { roundMoney } from '../billing';
import type { DailyCosts } from '../billing/daily-costs';
import type { UsageRepository } from '../billing/usage.repository';
import type { Locale } from '../settings/locale';
import type { SettingsService } from '../settings/settings.service';
import { csvText } from './csv-text';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export type SummaryChunkAsync = (
	userId: number,
	from: string,
	to: string,
	locale: Locale,
	header: boolean
) => Promise<string>;

/**
 * One calendar month [from, to] of the summary CSV as text, the header row first when
 * `header`: the seed's columns in the seed's order, and a seventh, Device, that tells apart
 * ports of different strips without moving the seed's six. Read-only, so a large household's
 * months can be written in the reads worker.
 */
export function createSummaryChunk(deps: {
	usage: Pick<UsageRepository, 'portNames'>;
	dailyCosts: DailyCosts;
	settings: Pick<SettingsService, 'forUser'>;
}) {
	return function summaryChunk(
		userId: number,
		from: string,
		to: string,
		locale: Locale,
		header: boolean
	): string {
		const currency = deps.settings.forUser(userId).currency;
		const names = new Map(deps.usage.portNames(userId).map((n) => [n.deviceId, n.deviceName]));
		// The header row in the reader's language; the figures stay machine-readable.
		const o = { locale };
		const columns = [
			m.csv_date({}, o),
			m.csv_port({}, o),
			m.csv_energy({}, o),
			m.csv_cost({ currency }, o),
			m.csv_runtime({}, o),
			m.csv_peak({}, o),
			m.csv_device({}, o)
		];
		const rows = deps
			.dailyCosts(userId, from, to)
			.map((d) => [
				d.day,
				d.port,
				round(d.kwh, 3).toFixed(3),
				roundMoney(d.cost).toFixed(2),
				round(d.runtimeMin, 1).toFixed(1),
				d.peakW === null ? '' : round(d.peakW, 1).toFixed(1),
				csvText(names.get(d.deviceId) ?? '')
			]);
		return stringify(rows, { header, columns });
	};
}
