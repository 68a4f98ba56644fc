import type { Clock } from '../clock';
import { hashDeviceToken, newDeviceToken } from './device-token';
import type { DeviceRecord, DevicesRepository, PortRecord } from './devices.repository';

export interface NewDevice {
	device: DeviceRecord;
	/** Shown once; only its hash is kept. */
	token: string;
}

/** An expected refusal: the field it concerns, a machine-readable code and the status. */
export class DeviceInputError extends Error {
	override readonly name = 'DeviceInputError';
	constructor(
		readonly field: string,
		message: string,
		readonly code = 'invalid',
		readonly status = 400,
		/** The cap a `limit_reached` refusal hit, for the sentence in the reader's language. */
		readonly limit?: number
	) {
		super(message);
	}
}

/**
 * By name, not `instanceof`: the SvelteKit bundle and the backend bundle each hold a copy
 * of the class, and the error a route catches was thrown by the backend's.
 */
export function isDeviceInputError(err: unknown): err is DeviceInputError {
	return err instanceof Error && err.name === 'DeviceInputError';
}

function cleanName(name: string): string {
	const trimmed = name.trim();
	if (!trimmed || trimmed.length > 60)
		throw new DeviceInputError('name', 'A name has 1 to 60 characters.');
	return trimmed;
}

/**
 * Devices and their tokens. Reads and changes a user asks for go through the owned
 * variants, which find nothing for another user's device: callers answer 404.
 */
export function createDevicesService(
	repo: DevicesRepository,
	clock: Clock,
	options: { maxPerOwner?: number } = {}
) {
	// Authenticating every request by hashing and a lookup would dominate the ingest path.
	const byToken = new Map<string, DeviceRecord>();
	// Last-seen times are written in bulk every few seconds, not once per request.
	const seenAt = new Map<number, number>();
	const forget = () => byToken.clear();

	return {
		add(ownerId: number | null, name: string, portCount = 4, isDemo = false): NewDevice {
			if (!Number.isInteger(portCount) || portCount < 1 || portCount > 8) {
				throw new DeviceInputError('ports', 'A strip has 1 to 8 ports.');
			}
			const max = options.maxPerOwner;
			if (ownerId !== null && max !== undefined && repo.countOwned(ownerId) >= max) {
				throw new DeviceInputError(
					'name',
					`An account has at most ${max} strips; remove one first, or ask the server's operator to raise MAX_DEVICES_PER_ACCOUNT.`,
					'limit_reached',
					409,
					max
				);
			}
			const token = newDeviceToken();
			const id = repo.create(
				cleanName(name),
				portCount,
				hashDeviceToken(token),
				isDemo,
				clock.now(),
				ownerId
			);
			return { device: repo.findById(id)!, token };
		},
		authenticate(token: string | null): DeviceRecord | null {
			if (!token) return null;
			const cached = byToken.get(token);
			if (cached) return cached;
			const device = repo.findByTokenHash(hashDeviceToken(token));
			if (device) {
				if (byToken.size >= 10_000) byToken.clear();
				byToken.set(token, device);
			}
			return device;
		},
		owned: (id: number, ownerId: number) => repo.findOwned(id, ownerId),
		listOwned: (ownerId: number) => repo.listOwned(ownerId),
		listAll: () => repo.listAll(),
		ports: (id: number): PortRecord[] => repo.ports(id),
		count: () => repo.count(),
		rename(id: number, ownerId: number, name: string): boolean {
			const ok = repo.rename(id, ownerId, cleanName(name));
			forget();
			return ok;
		},
		/** The old token stops working at once: it is no longer stored, nor cached. */
		rotateToken(id: number, ownerId: number): string | null {
			const token = newDeviceToken();
			if (!repo.setTokenHash(id, ownerId, hashDeviceToken(token))) return null;
			forget();
			return token;
		},
		remove(id: number, ownerId: number): boolean {
			const ok = repo.remove(id, ownerId);
			forget();
			return ok;
		},
		labelPort(id: number, port: number, text: string | null): boolean {
			const trimmed = text?.trim() || null;
			if (trimmed && trimmed.length > 40)
				throw new DeviceInputError('label', 'A port label has at most 40 characters.');
			return repo.setPortLabel(id, port, trimmed);
		},
		seen(id: number, at: number): void {
			seenAt.set(id, Math.max(at, seenAt.get(id) ?? 0));
		},
		/** Writes the pending last-seen times (a job calls this every few seconds, and close). */
		flushSeen(): void {
			if (seenAt.size === 0) return;
			repo.markSeen(seenAt);
			seenAt.clear();
		},
		addDropped: (id: number, frames: number) => repo.addDropped(id, frames),
		/** A device that is gone has no last-seen time left to write. */
		forgetSeen: (id: number) => void seenAt.delete(id),
		/** Devices changed hands or went away: forget every cached authentication. */
		invalidate: forget
	};
}

export type DevicesService = ReturnType<typeof createDevicesService>;
