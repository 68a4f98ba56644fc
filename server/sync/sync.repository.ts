import type { Db } from '../db/connection';
import { parseAlertMessage } from '../alerts/alert-message';
import type { SyncAlert, SyncEnergy, SyncPort } from './sync.types';

/** Where a page of energy rows ended: the last row's (device, port, key); null for the start. */
export type EnergyKey = [deviceId: number, port: number, key: number | string] | null;

interface EnergyRow {
	device_id: number;
	port: number;
	k: number | string;
	energy_mj: number;
	runtime_ms: number;
	peak_w: number | null;
}

const toEnergy = (r: EnergyRow): SyncEnergy => ({
	deviceId: r.device_id,
	port: r.port,
	key: r.k,
	energyMj: r.energy_mj,
	runtimeMs: r.runtime_ms,
	peakW: r.peak_w
});

const OWNED = `device_id IN (SELECT id FROM devices WHERE owner_id = @user)`;

/** Queries of the sync pull; every one is scoped to the user's devices. */
export function createSyncRepository(db: Db) {
	const ports = db.prepare(
		`SELECT p.device_id, p.port, p.label, p.last_ts, p.voltage, p.current, p.power, p.pf, p.relay
		 FROM ports p JOIN devices d ON d.id = p.device_id WHERE d.owner_id = @user ORDER BY p.device_id, p.port`
	);
	// The history lists are read a port at a time from a key (keyset pagination), so each
	// read is one range of the primary key (device_id, port, key), however large the account.
	const energy = (table: string, key: string) =>
		db.prepare(
			`SELECT device_id, port, ${key} AS k, energy_mj, runtime_ms, peak_w FROM ${table}
			 WHERE ${OWNED} AND device_id = @device AND port = @port AND ${key} >= @from
			   AND ${key} > @after AND changed_at >= @since
			 ORDER BY ${key} LIMIT @limit`
		);
	const buckets = energy('energy_buckets', 'start');
	const daily = energy('energy_daily', 'day');
	const monthly = energy('energy_monthly', 'month');
	const alerts = db.prepare(
		`SELECT id, device_id, port, rule, severity, message, message_args, opened_at, last_at, trigger_count, cost_paisa,
		   cost_per, currency, updated_at, cleared_at, acknowledged_at
		 FROM alerts WHERE ${OWNED} AND updated_at >= @since AND opened_at >= @from AND id > @afterId
		 ORDER BY id LIMIT @limit`
	);
	const tombstones = db
		.prepare(
			`SELECT entity_id FROM sync_tombstones WHERE user_id = @user AND entity = 'device' AND deleted_at >= @since`
		)
		.pluck();
	const bury = db.prepare(
		`INSERT INTO sync_tombstones (user_id, entity, entity_id, deleted_at) VALUES (?, ?, ?, ?)`
	);
	const purge = db.prepare(`DELETE FROM sync_tombstones WHERE deleted_at < ?`);

	return {
		ports: (user: number): SyncPort[] =>
			(ports.all({ user }) as Record<string, number | string | null>[]).map((r) => ({
				deviceId: r.device_id as number,
				port: r.port as number,
				label: r.label as string | null,
				ts: r.last_ts as number | null,
				voltage: r.voltage as number | null,
				current: r.current as number | null,
				power: r.power as number | null,
				pf: r.pf as number | null,
				relay: r.relay === null ? null : r.relay === 1
			})),
		/** A port's rows of one list changed since `since`, from `from` on and after `after`. */
		energy(
			kind: 'buckets' | 'daily' | 'monthly',
			q: {
				user: number;
				device: number;
				port: number;
				since: number;
				from: number | string;
				after: number | string | null;
				limit: number;
			}
		): SyncEnergy[] {
			// Before every row: a key of the column's own type (text for days and months).
			const before = kind === 'buckets' ? -1 : '';
			const stmt = kind === 'buckets' ? buckets : kind === 'daily' ? daily : monthly;
			return (stmt.all({ ...q, after: q.after ?? before }) as EnergyRow[]).map(toEnergy);
		},
		alerts: (
			user: number,
			since: number,
			from: number,
			afterId: number,
			limit: number
		): SyncAlert[] =>
			(
				alerts.all({ user, since, from, afterId, limit }) as Record<
					string,
					number | string | null
				>[]
			).map((r) => ({
				id: r.id as number,
				deviceId: r.device_id as number,
				port: r.port as number | null,
				rule: r.rule as string,
				severity: r.severity as string,
				message: r.message as string,
				messageArgs: parseAlertMessage(r.message_args as string | null),
				openedAt: r.opened_at as number,
				lastAt: (r.last_at ?? r.opened_at) as number,
				count: r.trigger_count as number,
				costPaisa: r.cost_paisa as number | null,
				costPer: r.cost_per as SyncAlert['costPer'],
				currency: r.currency as string | null,
				updatedAt: r.updated_at as number,
				clearedAt: r.cleared_at as number | null,
				acknowledgedAt: r.acknowledged_at as number | null
			})),
		deletedDevices: (user: number, since: number) => tombstones.all({ user, since }) as number[],
		buryDevice: (user: number, deviceId: number, at: number) =>
			bury.run(user, 'device', deviceId, at),
		purgeTombstones: (before: number) => purge.run(before).changes
	};
}

export type SyncRepository = ReturnType<typeof createSyncRepository>;
