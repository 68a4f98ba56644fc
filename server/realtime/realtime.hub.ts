import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../clock';
import type { DashboardService } from '../dashboard/dashboard.service';
import { deviceRoom, type ClientToServerEvents, type ServerToClientEvents } from './events';

export interface RealtimeOptions {
	/** Updates per device are coalesced to one per this many ms. */
	flushMs: number;
	/** The devices a new socket may watch (the accounts issue scopes this to an owner). */
	devicesFor: () => number[];
}

/**
 * Live updates in rooms per device. Ingest only marks a device dirty; a timer sends the
 * newest state of its changed ports, so a strip replaying a thousand frames costs the
 * clients one message, not a thousand.
 */
export function createRealtimeHub(dashboard: DashboardService, clock: Clock, o: RealtimeOptions) {
	let io: Server<ClientToServerEvents, ServerToClientEvents> | null = null;
	const dirty = new Map<number, Set<number>>();
	let timer: NodeJS.Timeout | null = null;

	function flush(): void {
		timer = null;
		if (!io) return dirty.clear();
		for (const [deviceId, ports] of dirty) {
			const changed = dashboard.devicePorts(deviceId).filter((p) => ports.has(p.port));
			io.to(deviceRoom(deviceId)).emit('ports:update', {
				deviceId,
				ports: changed,
				serverTime: clock.now()
			});
		}
		dirty.clear();
	}

	return {
		attach(server: HttpServer): void {
			io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
				serveClient: false,
				transports: ['websocket', 'polling']
			});
			io.on('connection', (socket) => {
				void socket.join(o.devicesFor().map(deviceRoom));
			});
		},
		/** Called after a commit. */
		changed(deviceId: number, ports: Iterable<number>): void {
			let set = dirty.get(deviceId);
			if (!set) dirty.set(deviceId, (set = new Set()));
			for (const p of ports) set.add(p);
			timer ??= setTimeout(flush, o.flushMs);
		},
		deviceAdded(deviceId: number): void {
			if (!io) return;
			io.socketsJoin(deviceRoom(deviceId));
			io.emit('devices:changed');
		},
		connectedClients: (): number => io?.engine.clientsCount ?? 0,
		async close(): Promise<void> {
			if (timer) clearTimeout(timer);
			timer = null;
			dirty.clear();
			if (io) await io.close();
			io = null;
		}
	};
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
