import type { Db } from '../db/connection';
import type {
	CommandAction,
	CommandStatus,
	MeterCommandView,
	MeterOutcome,
	RelayCommand,
	SwitchSource
} from './relay.types';

interface CommandRow {
	id: string;
	device_id: number;
	port: number;
	action: CommandAction;
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
	outcome: MeterOutcome | null;
	read_back: number | null;
}

const toCommand = (r: CommandRow): RelayCommand => ({
	id: r.id,
	deviceId: r.device_id,
	port: r.port,
	action: r.action,
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
	seq: r.seq,
	outcome: r.outcome,
	readBack: r.read_back
});

export interface AuditEntry extends RelayCommand {
	/** The e-mail of the user who switched, when a user did. */
	userEmail: string | null;
}

/** The advisory lock key that serialises command numbering across a cluster. */
const RELAY_SEQ_LOCK = 7_340_002;

/** SQL for relay commands, which double as the switching audit log. */
export function createRelaysRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO relay_commands (id, device_id, port, action, turn_on, override, source, user_id, created_at, release_at, expires_at, seq)
		 VALUES (@id, @deviceId, @port, @action, @on, @override, @source, @userId, @createdAt, @releaseAt, @expiresAt, @seq)`
	);
	const resolve = db.prepare(
		`UPDATE relay_commands SET status = @status, resolved_at = @at,
		        delivered_at = coalesce(delivered_at, @deliveredAt),
		        outcome = COALESCE(@outcome, outcome), read_back = COALESCE(@readBack, read_back)
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
		 WHERE c.device_id = ? AND c.action = 'switch' AND c.status != 'superseded' AND c.seq = (
		   SELECT max(seq) FROM relay_commands x
		   WHERE x.device_id = c.device_id AND x.port = c.port AND x.action = 'switch'
		     AND x.status != 'superseded')`
	);
	const audit = db.prepare(
		`SELECT c.*, u.email AS user_email FROM relay_commands c
		 LEFT JOIN users u ON u.id = c.user_id
		 WHERE c.device_id = ? AND c.port = ? AND c.action = 'switch' ORDER BY c.seq DESC LIMIT ?`
	);
	const meterCommands = db.prepare(
		`SELECT id, port, action, status, outcome, read_back, created_at, expires_at, resolved_at
		 FROM relay_commands
		 WHERE device_id = ? AND action != 'switch' AND created_at >= ?
		 ORDER BY seq DESC LIMIT ?`
	);

	const maxSeq = db.prepare(`SELECT COALESCE(max(seq), 0) FROM relay_commands`).pluck();
	// Processes of a cluster number commands from the database, one at a time.
	const seqLock = db.dialect === 'postgres' ? db.prepare(`SELECT pg_advisory_xact_lock(?)`) : null;
	const insertNumbered = db.transaction((c: RelayCommand): number => {
		seqLock?.get(RELAY_SEQ_LOCK);
		c.seq = (maxSeq.get() as number) + 1;
		insertRow(c);
		return c.seq;
	});
	const expireOne = db.prepare(
		`UPDATE relay_commands SET status = 'expired', resolved_at = ?, delivered_at = COALESCE(delivered_at, ?)
		 WHERE id = ? AND status = 'pending'`
	);

	function insertRow(c: RelayCommand): void {
		const { id, deviceId, port, action, source, userId, createdAt, releaseAt, expiresAt } = c;
		insert.run({
			id,
			deviceId,
			port,
			action,
			source,
			userId,
			createdAt,
			releaseAt,
			expiresAt,
			seq: c.seq,
			on: c.on ? 1 : 0,
			override: c.override ? 1 : 0
		});
	}

	return {
		/** The highest command number so far: numbering continues from it after a restart. */
		lastSeq: (): number => maxSeq.get() as number,
		insert: insertRow,
		/** Inserts with the next number after every command in the database (a cluster's way). */
		insertNumbered: (c: RelayCommand): number => insertNumbered(c),
		/** Expires a command still pending; false when another process settled it first. */
		expire: (c: Pick<RelayCommand, 'id' | 'deliveredAt'>, at: number): boolean =>
			expireOne.run(at, c.deliveredAt, c.id).changes > 0,
		resolve(
			c: Pick<RelayCommand, 'id' | 'deviceId' | 'deliveredAt' | 'outcome' | 'readBack'>,
			status: CommandStatus,
			at: number
		): void {
			resolve.run({
				id: c.id,
				deviceId: c.deviceId,
				status,
				at,
				deliveredAt: c.deliveredAt,
				outcome: c.outcome,
				readBack: c.readBack
			});
		},
		/** A strip's meter commands created since `since`, newest first. */
		meterCommands(deviceId: number, since: number, limit: number): MeterCommandView[] {
			type Row = Pick<
				CommandRow,
				| 'id'
				| 'port'
				| 'status'
				| 'outcome'
				| 'read_back'
				| 'created_at'
				| 'expires_at'
				| 'resolved_at'
			> & { action: MeterCommandView['action'] };
			return (meterCommands.all(deviceId, since, limit) as Row[]).map((r) => ({
				id: r.id,
				port: r.port,
				action: r.action,
				status: r.status,
				outcome: r.outcome,
				readBack: r.read_back,
				createdAt: r.created_at,
				expiresAt: r.expires_at,
				resolvedAt: r.resolved_at
			}));
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
