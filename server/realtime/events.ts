import type { AlertView } from '../alerts/alert.types';
import type { PortLive } from '../dashboard/dashboard.service';
import type { OverloadTrip, PortControl } from '../relays/relay.types';

/** The Socket.IO contract, imported by the server and the browser alike. */
export interface PortsUpdate {
	deviceId: number;
	ports: PortLive[];
	/** The household's local day the ports' "today" figures belong to. */
	day: string;
	serverTime: number;
}

export interface ServerToClientEvents {
	/** The newest state of the ports that changed, at most a few times a second per device. */
	'ports:update': (update: PortsUpdate) => void;
	/** Devices were added or removed: reload the list. */
	'devices:changed': () => void;
	/** The switching state of ports changed: a command queued, confirmed or expired. */
	'relay:control': (update: { deviceId: number; controls: PortControl[] }) => void;
	/** Overload protection switched a port off and opened a CRITICAL alert. */
	'relay:overload': (trip: OverloadTrip) => void;
	/** An alert opened for one of the user's devices (sent to the owner's room). */
	'alerts:opened': (alert: AlertView) => void;
	/** Alerts cleared or were acknowledged: reload the list. */
	'alerts:changed': (change: { at: number }) => void;
	/** Changes made on another of the user's phones arrived: pull a sync delta. */
	'sync:changed': (change: { serverTime: number }) => void;
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
