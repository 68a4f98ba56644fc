import type { Db } from '../db/connection';
import type { SyncAlert, SyncEnergy, SyncPort } from './sync.types';

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
	const buckets = db.prepare(
		`SELECT device_id, port, start AS k, energy_mj, runtime_ms, peak_w FROM energy_buckets
		 WHERE ${OWNED} AND changed_at >= @since AND start >= @from`
	);
	const daily = db.prepare(
		`SELECT device_id, port, day AS k, energy_mj, runtime_ms, peak_w FROM energy_daily
		 WHERE ${OWNED} AND changed_at >= @since AND day >= @from`
	);
	const monthly = db.prepare(
		`SELECT device_id, port, month AS k, energy_mj, runtime_ms, peak_w FROM energy_monthly
		 WHERE ${OWNED} AND changed_at >= @since`
	);
	const alerts = db.prepare(
		`SELECT id, device_id, port, rule, severity, message, opened_at, last_at, trigger_count, cost_paisa,
		   cost_per, currency, updated_at, cleared_at, acknowledged_at
		 FROM alerts WHERE ${OWNED} AND updated_at >= @since AND opened_at >= @from`
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
		buckets: (user: number, since: number, from: number) =>
			(buckets.all({ user, since, from }) as EnergyRow[]).map(toEnergy),
		daily: (user: number, since: number, from: string) =>
			(daily.all({ user, since, from }) as EnergyRow[]).map(toEnergy),
		monthly: (user: number, since: number) =>
			(monthly.all({ user, since }) as EnergyRow[]).map(toEnergy),
		alerts: (user: number, since: number, from: number): SyncAlert[] =>
			(alerts.all({ user, since, from }) as Record<string, number | string | null>[]).map((r) => ({
				id: r.id as number,
				deviceId: r.device_id as number,
				port: r.port as number | null,
				rule: r.rule as string,
				severity: r.severity as string,
				message: r.message as string,
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
