import type { Clock } from '../clock';
import { hashDeviceToken, newDeviceToken } from './device-token';
import type { DeviceRecord, DevicesRepository } from './devices.repository';

export interface NewDevice {
	device: DeviceRecord;
	/** Shown once; only its hash is kept. */
	token: string;
}

export function createDevicesService(repo: DevicesRepository, clock: Clock) {
	// Authenticating every request by hashing and a lookup would dominate the ingest path.
	const byToken = new Map<string, DeviceRecord>();
	// Last-seen times are written in bulk every few seconds, not once per request.
	const seenAt = new Map<number, number>();

	return {
		add(name: string, portCount = 4, isDemo = false): NewDevice {
			const trimmed = name.trim();
			if (!trimmed || trimmed.length > 60) throw new RangeError('name must be 1–60 characters');
			if (!Number.isInteger(portCount) || portCount < 1 || portCount > 8) {
				throw new RangeError('ports must be a whole number from 1 to 8');
			}
			const token = newDeviceToken();
			const id = repo.create(trimmed, portCount, hashDeviceToken(token), isDemo, clock.now());
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
		labelPort(id: number, port: number, text: string | null): boolean {
			const trimmed = text?.trim() || null;
			if (trimmed && trimmed.length > 40)
				throw new RangeError('a port label is at most 40 characters');
			return repo.setPortLabel(id, port, trimmed);
		},
		list: () => repo.list(),
		count: () => repo.count(),
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
		/** Tokens change or devices go: forget every cached authentication. */
		invalidate: () => byToken.clear()
	};
}

export type DevicesService = ReturnType<typeof createDevicesService>;
