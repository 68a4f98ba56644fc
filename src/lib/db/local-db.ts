import Dexie, { type Table } from 'dexie';
import type {
	SyncAlert,
	SyncDevice,
	SyncEnergy,
	SyncPort,
	SyncThresholds
} from '$server/sync/sync.types';
import { packRows, type EnergyKind, type EnergyPack } from './energy-packs';
import { LOCAL_DB_NAME } from './meta';

/** A pending offline change: written with the local change, in one transaction. */
export interface OutboxEntry {
	seq?: number;
	/** Client-made id: the server applies each id once. */
	id: string;
	type: string;
	payload: Record<string, unknown>;
	createdAt: number;
	attempts: number;
}

export interface MetaEntry {
	key: 'cursor' | 'syncedAt' | 'settings' | 'bill' | 'tariffs';
	value: unknown;
}

/**
 * The app's own copy of the user's data in IndexedDB. Pages read only from here (through
 * liveQuery), online or not; the sync engine and the live socket fill it.
 * Each schema change gets a new `version(n)`, mirroring a server migration.
 */
export class LocalDb extends Dexie {
	devices!: Table<SyncDevice, number>;
	ports!: Table<SyncPort, [number, number]>;
	bucketPacks!: Table<EnergyPack, [number, number, string]>;
	dailyPacks!: Table<EnergyPack, [number, number, string]>;
	monthlyPacks!: Table<EnergyPack, [number, number, string]>;
	alerts!: Table<SyncAlert, number>;
	thresholds!: Table<SyncThresholds, [number, number]>;
	meta!: Table<MetaEntry, string>;
	outbox!: Table<OutboxEntry, number>;

	constructor(name = LOCAL_DB_NAME) {
		// Dexie 4's shared query cache deep-clones every live query's result on each read (to
		// guard against callers mutating it) and keeps optimistic copies of writes. Pages here
		// have one or two live queries each and never share one, so it was all cost: without
		// it the dashboard's first six seconds took 20 % less main thread (CPU profile, 4×
		// throttled: 1.49-1.66 s against 1.87-2.02 s).
		super(name, { cache: 'disabled' });
		this.version(1).stores({
			devices: 'id',
			ports: '[deviceId+port], deviceId',
			buckets: '[deviceId+port+key], deviceId, key',
			daily: '[deviceId+port+key], deviceId, key',
			monthly: '[deviceId+port+key], deviceId, key',
			alerts: 'id, deviceId, openedAt',
			meta: 'key',
			outbox: '++seq, &id'
		});
		// Energy rows packed per port and period (see energy-packs.ts): the rows of version 1
		// are moved over, so an app updated while offline keeps showing today's figures.
		const pack = '[deviceId+port+period], deviceId, period';
		this.version(2)
			.stores({
				buckets: null,
				daily: null,
				monthly: null,
				bucketPacks: pack,
				dailyPacks: pack,
				monthlyPacks: pack
			})
			.upgrade(async (tx) => {
				for (const kind of ['buckets', 'daily', 'monthly'] as EnergyKind[]) {
					const rows = (await tx.table(kind).toArray()) as SyncEnergy[];
					await tx
						.table(`${kind === 'buckets' ? 'bucket' : kind}Packs`)
						.bulkPut(packRows(kind, rows));
				}
			});
		// Alert thresholds per port, changeable offline (tariff versions live in `meta`). The
		// next pull fills them: it sends them whole.
		this.version(3).stores({ thresholds: '[deviceId+port], deviceId' });
	}

	/** Everything but the outbox: what a full resync replaces. */
	get synced() {
		return [
			this.devices,
			this.ports,
			this.bucketPacks,
			this.dailyPacks,
			this.monthlyPacks,
			this.alerts,
			this.thresholds,
			this.meta
		];
	}
}
