import type { AlertMessage } from '../alerts/alert-message';
import type { StoredThresholds } from '../alerts/thresholds.repository';
import type { Tariff, TariffInput } from '../billing/tariff';
import type { PortLive } from '../dashboard/dashboard.service';

/** The sync protocol (`GET /api/sync?since=`), shared by the server and the browser's engine. */
export interface SyncDevice {
	id: number;
	name: string;
	portCount: number;
	isDemo: boolean;
	lastSeenAt: number | null;
}

/** A port as the dashboard shows it, without the derived energy figures. */
export type SyncPort = Omit<PortLive, 'today' | 'month'> & {
	/** What a kWh on this port costs this billing month (the dashboard's price). */
	pricePerKwh?: number;
	/** The bill's rounded share for this port and the kWh it was priced on (billing/port-price). */
	priced?: { kwh: number; cost: number };
};

export interface SyncEnergy {
	deviceId: number;
	port: number;
	/** Bucket start (ms), local day 'YYYY-MM-DD' or local month 'YYYY-MM'. */
	key: number | string;
	energyMj: number;
	runtimeMs: number;
	peakW: number | null;
}

export interface SyncAlert {
	id: number;
	deviceId: number;
	port: number | null;
	rule: string;
	severity: string;
	message: string;
	messageArgs?: AlertMessage | null;
	openedAt: number;
	lastAt: number;
	count: number;
	costPaisa: number | null;
	costPer: 'day' | 'month' | null;
	currency: string | null;
	updatedAt: number;
	clearedAt: number | null;
	acknowledgedAt: number | null;
}

/** A port's alert thresholds as the household set them; null means the default. */
export interface SyncThresholds extends StoredThresholds {
	deviceId: number;
	port: number;
}

/** The household's tariff versions, oldest first; the seed's flat rate while `isDefault`. */
export interface SyncTariffs {
	versions: Tariff[];
	isDefault: boolean;
}

/**
 * The history lists, a page at a time: a pull's first answer carries the first page, and
 * while `next` is set the client asks `GET /api/sync?since=SAME&page=NEXT` for the rest and
 * applies the pull once it has all of it.
 */
export interface SyncHistory {
	buckets: SyncEnergy[];
	daily: SyncEnergy[];
	monthly: SyncEnergy[];
	alerts: SyncAlert[];
	next: string | null;
}

export interface SyncPayload extends SyncHistory {
	/** Send this back as `since` next time. */
	cursor: number;
	/** True when the client must drop what it has and take this as the whole state. */
	reset: boolean;
	serverTime: number;
	devices: SyncDevice[];
	ports: SyncPort[];
	settings: Record<string, unknown>;
	/** Every port's thresholds (few: sent whole). */
	thresholds: SyncThresholds[];
	tariffs: SyncTariffs;
	/** This billing month so far and projected, as the bills page shows it (null: none yet). */
	bill: unknown;
	deleted: { devices: number[] };
	/** What the client keeps, so both ends agree on the bounds. */
	window: { bucketsMs: number; dailyDays: number; alertsDays: number };
}

export const SYNC_WINDOW = {
	/** 15-minute buckets of the last 48 hours. */
	bucketsMs: 48 * 3_600_000,
	/** About 13 months of daily rollups: this month and the same month last year. */
	dailyDays: 400,
	alertsDays: 90
} as const;

/** A cursor older than this gets a full resync (tombstones are kept this long). */
export const CURSOR_MAX_AGE_MS = 30 * 86_400_000;

export type OutboxOp =
	| { id: string; type: 'alert.acknowledge'; alertId: number }
	| { id: string; type: 'alert.acknowledgeAll' }
	| { id: string; type: 'port.label'; deviceId: number; port: number; label: string | null }
	| { id: string; type: 'settings.set'; key: string; value: unknown }
	| {
			id: string;
			type: 'thresholds.set';
			deviceId: number;
			port: number;
			/** Only the fields the user changed: the others keep what another phone set. */
			values: Partial<StoredThresholds>;
	  }
	| { id: string; type: 'tariff.save'; tariff: TariffInput }
	| { id: string; type: 'tariff.remove'; validFrom: string };

export interface OutboxResult {
	id: string;
	status: 'applied' | 'duplicate' | 'rejected';
	reason?: string;
}
