import { NO_PROTECTION, type Protection, type ProtectionRepository } from './protection.repository';

export class ProtectionInputError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

/** Critical flags and power limits, all in memory: the overload guard reads them per reading. */
export function createProtectionService(repo: ProtectionRepository) {
	const byDevice = new Map<number, Map<number, Protection>>();
	for (const r of repo.all()) {
		let m = byDevice.get(r.deviceId);
		if (!m) byDevice.set(r.deviceId, (m = new Map()));
		m.set(r.port, Object.freeze(r.value));
	}

	function get(deviceId: number, port: number): Protection {
		return byDevice.get(deviceId)?.get(port) ?? NO_PROTECTION;
	}

	return {
		get,
		/** Cheap: whether any limit is set for the device (else the guard is skipped). */
		hasLimit: (deviceId: number): boolean =>
			[...(byDevice.get(deviceId)?.values() ?? [])].some((p) => p.maxPowerW !== null),
		update(deviceId: number, port: number, patch: Partial<Protection>): Protection {
			const next = { ...get(deviceId, port), ...patch };
			if (next.maxPowerW !== null && !(next.maxPowerW > 0 && next.maxPowerW <= 16_000)) {
				throw new ProtectionInputError('max_power_w', 'A limit is between 1 and 16,000 W.');
			}
			if (!Number.isInteger(next.holdS) || next.holdS < 1 || next.holdS > 3600) {
				throw new ProtectionInputError('hold_s', 'The hold time is 1 to 3,600 seconds.');
			}
			if (port === 0) next.critical = false;
			repo.save(deviceId, port, next);
			let m = byDevice.get(deviceId);
			if (!m) byDevice.set(deviceId, (m = new Map()));
			m.set(port, Object.freeze(next));
			return next;
		},
		forgetDevice: (deviceId: number) => void byDevice.delete(deviceId)
	};
}

export type ProtectionService = ReturnType<typeof createProtectionService>;
