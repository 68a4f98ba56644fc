import { isUnavailable } from '../db/background';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { Clock } from '../clock';
import type { DashboardService } from '../dashboard/dashboard.service';
import {
	deviceRoom,
	sessionRoom,
	userRoom,
	type ClientToServerEvents,
	type PortsUpdate,
	type ServerToClientEvents,
	type SocketData
} from './events';

export interface RealtimeOptions {
	/** Updates per device are coalesced to one per this many ms. */
	flushMs: number;
	/** Who is asking: the signed-in user of the handshake's session cookie, or null. */
	authenticate: (req: IncomingMessage) => { userId: number; sessionId: string } | null;
	/** Whether the handshake's Origin may open a socket (same origin as the app). */
	originAllowed: (origin: string | undefined, host: string | undefined) => boolean;
	devicesOf: (userId: number) => number[];
	/** Live connections one session may hold (its tabs and windows). */
	maxPerSession: number;
	/** Rooms across the processes of a cluster (Socket.IO's PostgreSQL adapter). */
	adapter?: ServerOptions['adapter'];
}

const FLUSH_SLICE_MS = 4;

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Live updates in rooms per device, joined only by the owner's sockets. Ingest only marks
 * a device dirty; a timer sends the newest state of its changed ports, so a strip replaying
 * a thousand frames costs the clients one message, not a thousand.
 */
export function createRealtimeHub(dashboard: DashboardService, clock: Clock, o: RealtimeOptions) {
	let io: IO | null = null;
	// Counted when the handshake is let in, so two at once cannot both take the last place.
	const perSession = new Map<string, number>();
	const dirty = new Map<number, Set<number>>();
	let timer: NodeJS.Timeout | null = null;
	// A flush that paused part way goes on at the next turn of the event loop.
	let resume: NodeJS.Immediate | null = null;

	function flush(): void {
		if (timer) clearTimeout(timer);
		timer = null;
		resume = null;
		if (!io) return dirty.clear();
		const started = performance.now();
		for (const [deviceId, ports] of dirty) {
			// A large household's strips are many updates: past a slice the rest wait a turn
			// of the event loop, so no other request waits behind all of them.
			if (performance.now() - started > FLUSH_SLICE_MS) {
				resume = setImmediate(flush);
				return;
			}
			let update: PortsUpdate;
			try {
				const changed = dashboard.devicePorts(deviceId).filter((p) => ports.has(p.port));
				update = {
					deviceId,
					ports: changed,
					day: dashboard.dayOf(deviceId),
					serverTime: clock.now()
				};
			} catch (err) {
				// The database is away: what changed is sent once it is back.
				if (!isUnavailable(err)) console.error('live update failed:', err);
				timer ??= setTimeout(flush, Math.max(o.flushMs, 1000));
				return;
			}
			io.to(deviceRoom(deviceId)).emit('ports:update', update);
			dirty.delete(deviceId);
		}
	}

	return {
		attach(server: HttpServer): void {
			io = new Server(server, {
				serveClient: false,
				...(o.adapter ? { adapter: o.adapter } : {}),
				transports: ['websocket', 'polling'],
				allowRequest: (req, callback) =>
					callback(null, o.originAllowed(req.headers.origin, req.headers.host))
			});
			io.use((socket, next) => {
				const who = o.authenticate(socket.request);
				if (!who) return next(new Error('unauthorized'));
				const open = perSession.get(who.sessionId) ?? 0;
				if (open >= o.maxPerSession)
					return next(new Error('too many connections for this session'));
				perSession.set(who.sessionId, open + 1);
				socket.once('disconnect', () => {
					const left = (perSession.get(who.sessionId) ?? 1) - 1;
					if (left > 0) perSession.set(who.sessionId, left);
					else perSession.delete(who.sessionId);
				});
				socket.data.userId = who.userId;
				socket.data.sessionId = who.sessionId;
				next();
			});
			io.on('connection', (socket) => {
				const { userId, sessionId } = socket.data;
				void socket.join([
					userRoom(userId),
					sessionRoom(sessionId),
					...o.devicesOf(userId).map(deviceRoom)
				]);
			});
		},
		/** Called after a commit. */
		changed(deviceId: number, ports: Iterable<number>): void {
			let set = dirty.get(deviceId);
			if (!set) dirty.set(deviceId, (set = new Set()));
			for (const p of ports) set.add(p);
			timer ??= setTimeout(flush, o.flushMs);
		},
		deviceAdded(deviceId: number, ownerId: number | null): void {
			if (!io || ownerId === null) return;
			io.in(userRoom(ownerId)).socketsJoin(deviceRoom(deviceId));
			io.to(userRoom(ownerId)).emit('devices:changed');
		},
		deviceRemoved(deviceId: number, ownerId: number): void {
			dirty.delete(deviceId);
			if (!io) return;
			io.in(deviceRoom(deviceId)).socketsLeave(deviceRoom(deviceId));
			io.to(userRoom(ownerId)).emit('devices:changed');
		},
		/** A typed event to every socket of one user (their `user:<id>` room). */
		toUser<E extends keyof ServerToClientEvents>(
			userId: number,
			event: E,
			...args: Parameters<ServerToClientEvents[E]>
		): void {
			io?.to(userRoom(userId)).emit(event, ...args);
		},
		/** A typed event to the sockets watching one device (its owner's). */
		toDevice<E extends keyof ServerToClientEvents>(
			deviceId: number,
			event: E,
			...args: Parameters<ServerToClientEvents[E]>
		): void {
			io?.to(deviceRoom(deviceId)).emit(event, ...args);
		},
		/** Log-out, password change, account deletion: those sockets go at once. */
		sessionsEnded(sessionIds: string[]): void {
			if (!io) return;
			for (const id of sessionIds) io.in(sessionRoom(id)).disconnectSockets(true);
		},
		connectedClients: (): number => io?.engine.clientsCount ?? 0,
		async close(): Promise<void> {
			if (timer) clearTimeout(timer);
			if (resume) clearImmediate(resume);
			timer = resume = null;
			dirty.clear();
			if (io) await io.close();
			io = null;
		}
	};
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
