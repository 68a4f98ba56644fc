import type { PortPrice } from '../billing/port-price';
import type { Clock } from '../clock';
import type { DevicesService } from '../devices/devices.service';
import type { SettingsService } from '../settings/settings.service';
import type { SyncRepository } from './sync.repository';
import { createSyncHistory, isReset } from './sync-history';
import {
	CURSOR_MAX_AGE_MS,
	SYNC_WINDOW,
	type SyncHistory,
	type SyncPayload,
	type SyncPort,
	type SyncTariffs,
	type SyncThresholds
} from './sync.types';

export interface SyncDeps {
	repo: SyncRepository;
	devices: DevicesService;
	settings: SettingsService;
	clock: Clock;
	/** Each port's price this month, as the dashboard charges it. */
	prices: (userId: number) => (deviceId: number, port: number) => PortPrice;
	/** Every port's alert thresholds as set. */
	thresholds: (userId: number) => SyncThresholds[];
	tariffs: (userId: number) => SyncTariffs;
}

/**
 * The delta pull. The cursor is the server time at which the previous pull was answered;
 * rows changed at or after it are sent again (the `>=` may repeat a row, never miss one:
 * applying a row twice is harmless). Devices, ports, settings, thresholds and tariff versions
 * are few and sent whole.
 */
function withPrices(
	ports: SyncPort[],
	price: (deviceId: number, port: number) => PortPrice
): SyncPort[] {
	return ports.map((p) => {
		const { rate, kwh, cost } = price(p.deviceId, p.port);
		return { ...p, pricePerKwh: rate, priced: { kwh, cost } };
	});
}

export function createSyncService(d: SyncDeps) {
	const { history } = createSyncHistory(d);

	function rest(
		userId: number,
		since: number | null,
		now: number
	): Omit<SyncPayload, keyof SyncHistory | 'bill'> {
		const reset = isReset(since, now);
		const from = reset ? 0 : since!;
		const settings = d.settings.forUser(userId);
		return {
			cursor: now,
			reset,
			serverTime: now,
			devices: d.devices.listOwned(userId).map(({ id, name, portCount, isDemo, lastSeenAt }) => ({
				id,
				name,
				portCount,
				isDemo,
				lastSeenAt
			})),
			ports: withPrices(d.repo.ports(userId), d.prices(userId)),
			settings: { ...settings },
			thresholds: d.thresholds(userId),
			tariffs: d.tariffs(userId),
			deleted: { devices: reset ? [] : d.repo.deletedDevices(userId, from) },
			window: { ...SYNC_WINDOW }
		};
	}

	return {
		/**
		 * The first page of a pull: everything small whole, and the history lists from their
		 * start. When `next` is set the client asks for `page(since, next)` until it is null.
		 * `bill`: this billing month for the user, as the bills page shows it.
		 */
		pull(userId: number, since: number | null, bill: unknown): SyncPayload {
			const now = d.clock.now();
			const small = rest(userId, since, now);
			return { ...small, ...history(userId, small.reset ? 0 : since!, now, null), bill };
		},
		/**
		 * The first page without its history lists and bill, as of `at`: a large household's
		 * are read and serialised in the reads worker as of that time, which becomes the
		 * cursor (a cursor a little early only repeats).
		 */
		pullRest: rest,
		deviceRemoved: (userId: number, deviceId: number) =>
			d.repo.buryDevice(userId, deviceId, d.clock.now()),
		purge: () => d.repo.purgeTombstones(d.clock.now() - CURSOR_MAX_AGE_MS)
	};
}

export type SyncService = ReturnType<typeof createSyncService>;
