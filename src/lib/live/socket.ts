import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$server/realtime/events';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket to the same origin; Socket.IO reconnects by itself with backoff. The client
 * library is its own chunk, loaded when the socket is first opened (after the first paint),
 * so it is not parsed and run before the page can show anything. WebSocket only: where it
 * cannot connect, the figures still come by the HTTP sync (docs/decisions.md).
 */
export async function connectLive(): Promise<LiveSocket> {
	const { io } = await import('socket.io-client');
	return io({ transports: ['websocket'] });
}
