import type { PortLive } from '../dashboard/dashboard.service';

/** The Socket.IO contract, imported by the server and the browser alike. */
export interface PortsUpdate {
	deviceId: number;
	ports: PortLive[];
	serverTime: number;
}

export interface ServerToClientEvents {
	/** The newest state of the ports that changed, at most a few times a second per device. */
	'ports:update': (update: PortsUpdate) => void;
	/** Devices were added or removed: reload the list. */
	'devices:changed': () => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

export interface SocketData {
	userId: number;
	sessionId: string;
}

export const deviceRoom = (deviceId: number): string => `device:${deviceId}`;
export const userRoom = (userId: number): string => `user:${userId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
