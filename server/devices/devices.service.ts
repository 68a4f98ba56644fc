import type { Clock } from '../clock';
import { hashDeviceToken, newDeviceToken } from './device-token';
import type { DeviceRecord, DevicesRepository } from './devices.repository';

export interface NewDevice {
	device: DeviceRecord;
	/** Shown once; only its hash is kept. */
	token: string;
}

export function createDevicesService(repo: DevicesRepository, clock: Clock) {
	// Authenticating every request by a database lookup would dominate the ingest path.
	const byHash = new Map<string, DeviceRecord>();

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
			const hash = hashDeviceToken(token);
			const cached = byHash.get(hash);
			if (cached) return cached;
			const device = repo.findByTokenHash(hash);
			if (device) byHash.set(hash, device);
			return device;
		},
		list: () => repo.list(),
		count: () => repo.count(),
		markSeen: (id: number, dropped: number) => repo.markSeen(id, clock.now(), dropped),
		/** Tokens change or devices go: forget every cached authentication. */
		invalidate: () => byHash.clear()
	};
}

export type DevicesService = ReturnType<typeof createDevicesService>;
