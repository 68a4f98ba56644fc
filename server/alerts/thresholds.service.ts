/** Per-port alert thresholds as a household sees and edits them: only its own ports. */
import type { UsageRepository } from '../bills/usage.repository';
import { DEFAULT_THRESHOLDS, type Thresholds } from './rules';
import type { ThresholdsStore } from './thresholds.repository';

export interface PortThresholds extends Thresholds {
	deviceId: number;
	port: number;
	name: string;
}

const LIMITS: Record<keyof Thresholds, [number, number]> = {
	highUsageW: [1, 20_000],
	dailyCost: [0, 1_000_000],
	peakW: [1, 20_000]
};

export function createThresholdsService(store: ThresholdsStore, usage: UsageRepository) {
	return {
		defaults: DEFAULT_THRESHOLDS,
		list(userId: number): PortThresholds[] {
			return usage.portNames(userId).map((n) => ({
				deviceId: n.deviceId,
				port: n.port,
				name: `${n.deviceName} · ${n.label ?? `Port ${n.port}`}`,
				...store.of(n.deviceId, n.port)
			}));
		},
		/** Empty values go back to the default; false when the port is not the user's or a value is out of range. */
		set(
			userId: number,
			deviceId: number,
			port: number,
			values: Record<keyof Thresholds, number | null>
		): boolean {
			if (!usage.portNames(userId).some((n) => n.deviceId === deviceId && n.port === port))
				return false;
			for (const [k, [lo, hi]] of Object.entries(LIMITS)) {
				const v = values[k as keyof Thresholds];
				if (v !== null && !(Number.isFinite(v) && v >= lo && v <= hi)) return false;
			}
			store.set(deviceId, port, values);
			return true;
		}
	};
}

export type ThresholdsService = ReturnType<typeof createThresholdsService>;
