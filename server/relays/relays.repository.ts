import type { Db } from '../db/connection';
import type { CommandStatus, RelayCommand, SwitchSource } from './relay.types';

interface CommandRow {
	id: string;
	device_id: number;
	port: number;
	turn_on: number;
	override: number;
	source: SwitchSource;
	user_id: number | null;
	created_at: number;
	release_at: number;
	expires_at: number;
	delivered_at: number | null;
	status: CommandStatus;
	resolved_at: number | null;
	seq: number;
}

const toCommand = (r: CommandRow): RelayCommand => ({
	id: r.id,
	deviceId: r.device_id,
	port: r.port,
	on: r.turn_on === 1,
	override: r.override === 1,
	source: r.source,
	userId: r.user_id,
	createdAt: r.created_at,
	releaseAt: r.release_at,
	expiresAt: r.expires_at,
	deliveredAt: r.delivered_at,
	status: r.status,
	resolvedAt: r.resolved_at,
	seq: r.seq
});

export interface AuditEntry extends RelayCommand {
	/** The e-mail of the user who switched, when a user did. */
	userEmail: string | null;
}

/** SQL for relay commands, which double as the switching audit log. */
export function createRelaysRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO relay_commands (id, device_id, port, turn_on, override, source, user_id, created_at, release_at, expires_at, seq)
		 VALUES (@id, @deviceId, @port, @on, @override, @source, @userId, @createdAt, @releaseAt, @expiresAt, @seq)`
	);
	const resolve = db.prepare(
		`UPDATE relay_commands SET status = @status, resolved_at = @at,
		        delivered_at = coalesce(delivered_at, @deliveredAt)
		 WHERE id = @id AND device_id = @deviceId`
	);
	const outstanding = db.prepare(
		`SELECT * FROM relay_commands WHERE status = 'pending' AND expires_at > ? ORDER BY seq`
	);
	const expireStale = db.prepare(
		`UPDATE relay_commands SET status = 'expired', resolved_at = ? WHERE status = 'pending' AND expires_at <= ?`
	);
	const latestPerPort = db.prepare(
		`SELECT c.* FROM relay_commands c
		 WHERE c.device_id = ? AND c.status != 'superseded' AND c.seq = (
		   SELECT max(seq) FROM relay_commands x
		   WHERE x.device_id = c.device_id AND x.port = c.port AND x.status != 'superseded')`
	);
	const audit = db.prepare(
		`SELECT c.*, u.email AS user_email FROM relay_commands c
		 LEFT JOIN users u ON u.id = c.user_id
		 WHERE c.device_id = ? AND c.port = ? ORDER BY c.seq DESC LIMIT ?`
	);

	const maxSeq = db.prepare(`SELECT ifnull(max(seq), 0) FROM relay_commands`).pluck();

	return {
		/** The highest command number so far: numbering continues from it after a restart. */
		lastSeq: (): number => maxSeq.get() as number,
		insert(c: RelayCommand): void {
			insert.run({ ...c, on: c.on ? 1 : 0, override: c.override ? 1 : 0 });
		},
		resolve(
			c: Pick<RelayCommand, 'id' | 'deviceId' | 'deliveredAt'>,
			status: CommandStatus,
			at: number
		): void {
			resolve.run({ id: c.id, deviceId: c.deviceId, status, at, deliveredAt: c.deliveredAt });
		},
		/** At start: what may still be delivered; what ran out while we were down is closed. */
		loadOutstanding(now: number): RelayCommand[] {
			expireStale.run(now, now);
			return (outstanding.all(now) as CommandRow[]).map(toCommand);
		},
		/** The newest command per port that was not replaced before it went out. */
		latestPerPort: (deviceId: number): RelayCommand[] =>
			(latestPerPort.all(deviceId) as CommandRow[]).map(toCommand),
		audit: (deviceId: number, port: number, limit = 50): AuditEntry[] =>
			(audit.all(deviceId, port, limit) as (CommandRow & { user_email: string | null })[]).map(
				(r) => ({ ...toCommand(r), userEmail: r.user_email })
			)
	};
}

export type RelaysRepository = ReturnType<typeof createRelaysRepository>;
