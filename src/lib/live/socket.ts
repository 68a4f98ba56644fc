import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$server/realtime/events';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket to the same origin; Socket.IO reconnects by itself with backoff. */
export function connectLive(): LiveSocket {
	return io({ transports: ['websocket', 'polling'] });
}
