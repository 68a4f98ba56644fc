import type { Clock } from '../clock';
import { newCommandId } from './command-id';
import { createCommandQueue } from './command-queue';
import type {
	MeterAction,
	MeterResult,
	RelayCommand,
	SwitchSource,
	WireCommand
} from './relay.types';
import { toWire } from './relay.types';
import type { RelaysRepository } from './relays.repository';

export interface RelaysOptions {
	/** How long a command may be delivered (30 s: a switch older than that is a surprise). */
	ttlMs: number;
	/** Switch-ons of one strip are released this far apart, like the firmware's stagger. */
	staggerMs: number;
	/** A command's state changed (queued, confirmed, refused, expired): tell the browsers. */
	changed: (deviceId: number, port: number) => void;
	/**
	 * Other processes hold the strip's long-poll or get its acks (a cluster): commands are
	 * numbered by the database and every change is told to them.
	 */
	shared?: {
		queued(c: RelayCommand): void;
		resolved(c: RelayCommand): void;
	};
}

export interface SwitchRequest {
	deviceId: number;
	port: number;
	on: boolean;
	source: SwitchSource;
	userId?: number | null;
	/** a person's "switch on anyway" after the strip cut the port itself */
	override?: boolean;
}

export interface MeterRequest {
	deviceId: number;
	port: number;
	action: MeterAction;
	userId: number;
}

/** Meter commands a device page lists: those of the last day. */
const METER_SHOWN_MS = 24 * 3_600_000;

/** Acks and refusals arrive after resolution too (a late upload): remembered this long. */
const RECENT_MS = 10 * 60_000;

/**
 * Relay commands: create (with an id, a release time and an expiry), deliver only while
 * fresh, resolve from the strip's acks and refusals, expire the unconfirmed. Every
 * command is written before it can be delivered, so the audit log has all of them.
 */
export function createRelaysService(repo: RelaysRepository, clock: Clock, o: RelaysOptions) {
	const queue = createCommandQueue(clock);
	const recent = new Map<string, RelayCommand>();
	const lastOnRelease = new Map<number, number>();
	let seq = repo.lastSeq();
	for (const c of repo.loadOutstanding(clock.now())) {
		queue.add(c);
		recent.set(c.id, c);
	}

	function remember(c: RelayCommand): void {
		recent.set(c.id, c);
		const cutoff = clock.now() - RECENT_MS;
		for (const [id, r] of recent) {
			if (r.createdAt >= cutoff) break; // insertion order is creation order
			if (r.status !== 'pending') recent.delete(id);
		}
	}

	function resolve(c: RelayCommand, status: RelayCommand['status'], at: number): void {
		c.status = status;
		c.resolvedAt = at;
		repo.resolve(c, status, at);
		o.changed(c.deviceId, c.port);
		o.shared?.resolved(c);
	}

	/**
	 * A command made from what differs between a switch and a meter job: written, remembered,
	 * queued (withdrawing what it supersedes) and told.
	 */
	function enqueue(
		w: Pick<
			RelayCommand,
			'deviceId' | 'port' | 'action' | 'on' | 'override' | 'source' | 'userId' | 'releaseAt'
		>,
		now: number
	): RelayCommand {
		const c: RelayCommand = {
			id: newCommandId(),
			...w,
			createdAt: now,
			expiresAt: w.releaseAt + o.ttlMs,
			deliveredAt: null,
			status: 'pending',
			resolvedAt: null,
			seq: ++seq,
			outcome: null,
			readBack: null
		};
		if (o.shared) seq = repo.insertNumbered(c);
		else repo.insert(c);
		remember(c);
		// The newest wish for a port wins: what has not been applied yet is withdrawn.
		for (const old of queue.add(c)) resolve(old, 'superseded', now);
		o.changed(c.deviceId, c.port);
		o.shared?.queued(c);
		return c;
	}

	return {
		switchPort(req: SwitchRequest): RelayCommand {
			const now = clock.now();
			let releaseAt = now;
			if (req.on) {
				releaseAt = Math.max(now, (lastOnRelease.get(req.deviceId) ?? -Infinity) + o.staggerMs);
				lastOnRelease.set(req.deviceId, releaseAt);
			}
			return enqueue(
				{
					deviceId: req.deviceId,
					port: req.port,
					action: 'switch',
					on: req.on,
					override: req.on && req.override === true,
					source: req.source,
					userId: req.userId ?? null,
					releaseAt
				},
				now
			);
		},

		/**
		 * A meter job for the strip (addressing, energy reset). The strip runs one at a time,
		 * so while one is on its way or running another is refused (null), not queued.
		 */
		meterCommand(req: MeterRequest): RelayCommand | null {
			if (queue.outstanding(req.deviceId).some((c) => c.action !== 'switch')) return null;
			const now = clock.now();
			return enqueue(
				{
					deviceId: req.deviceId,
					port: req.port,
					action: req.action,
					on: false,
					override: false,
					source: 'user',
					userId: req.userId,
					releaseAt: now
				},
				now
			);
		},

		/** The strip's meter commands of the last day, newest first. */
		meterCommands: (deviceId: number, limit = 20) =>
			repo.meterCommands(deviceId, clock.now() - METER_SHOWN_MS, limit),

		/** For the answer to readings (hot path): [] at the cost of a map lookup. */
		forAnswer(deviceId: number): WireCommand[] {
			if (!queue.has(deviceId)) return [];
			return queue.take(deviceId).map(toWire);
		},

		async longPoll(deviceId: number, waitMs: number, signal?: AbortSignal): Promise<WireCommand[]> {
			return (await queue.wait(deviceId, waitMs, signal)).map(toWire);
		},

		/** Cheap: whether an upload's acks and refusals are worth reading. */
		expectsReports: (deviceId: number): boolean => queue.has(deviceId) || recent.size > 0,

		/**
		 * The strip's `acks` and `refused` ids, and the `results` of meter commands.
		 * Unknown or foreign ids are ignored; a result without its ack or refusal settles nothing.
		 */
		report(
			deviceId: number,
			acks: readonly string[],
			refused: readonly string[],
			results: readonly MeterResult[] = []
		): void {
			const now = clock.now();
			const said = new Map(results.map((r) => [r.id, r]));
			const settle = (id: string, status: 'applied' | 'refused') => {
				const c = recent.get(id);
				if (!c || c.deviceId !== deviceId || c.status === 'applied' || c.status === 'refused') {
					return;
				}
				queue.remove(c);
				c.deliveredAt ??= now;
				const r = c.action === 'switch' ? undefined : said.get(id);
				if (r) {
					c.outcome = r.outcome;
					c.readBack = r.readBack;
				}
				resolve(c, status, now);
			};
			for (const id of acks) settle(id, 'applied');
			for (const id of refused) settle(id, 'refused');
		},

		/** Closes the commands whose expiry passed unconfirmed; a job calls this every second. */
		sweep(): RelayCommand[] {
			const now = clock.now();
			const gone = queue.expire(now);
			for (const c of gone) {
				// Every process of a cluster sweeps its copy; the first to write tells the rest.
				if (!repo.expire(c, now)) continue;
				c.status = 'expired';
				c.resolvedAt = now;
				o.changed(c.deviceId, c.port);
				o.shared?.resolved(c);
			}
			return gone;
		},

		/** A command another process wrote: queued here too, so a long-poll held here gets it. */
		queuedElsewhere(c: RelayCommand): void {
			if (recent.has(c.id)) return;
			seq = Math.max(seq, c.seq);
			if (c.action === 'switch' && c.on) {
				lastOnRelease.set(c.deviceId, Math.max(lastOnRelease.get(c.deviceId) ?? 0, c.releaseAt));
			}
			remember(c);
			// What it supersedes was written as such by the process that queued it.
			for (const old of queue.add(c)) {
				old.status = 'superseded';
				old.resolvedAt = c.createdAt;
			}
		},

		/** A command another process settled (an ack it received, an expiry, a supersession). */
		resolvedElsewhere(c: RelayCommand): void {
			const mine = recent.get(c.id);
			if (!mine) return;
			Object.assign(mine, {
				status: c.status,
				resolvedAt: c.resolvedAt,
				deliveredAt: c.deliveredAt,
				outcome: c.outcome,
				readBack: c.readBack
			});
			queue.remove(mine);
		},

		/** The switch on its way to a port, if any. */
		pending: (deviceId: number, port: number): RelayCommand | undefined =>
			queue.outstanding(deviceId).find((c) => c.action === 'switch' && c.port === port),
		latestPerPort: (deviceId: number) => repo.latestPerPort(deviceId),
		audit: (deviceId: number, port: number, limit?: number) => repo.audit(deviceId, port, limit),
		waiting: () => queue.waiting(),
		forgetDevice(deviceId: number): void {
			queue.forgetDevice(deviceId);
			lastOnRelease.delete(deviceId);
		},
		close: () => queue.close()
	};
}

export type RelaysService = ReturnType<typeof createRelaysService>;
