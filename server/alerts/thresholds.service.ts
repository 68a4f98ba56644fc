/** Per-port alert thresholds as a household sees and edits them: only its own ports. */
import type { UsageRepository } from '../billing/usage.repository';
import { DEFAULT_THRESHOLDS, type Thresholds } from './rules';
import type { StoredThresholds, ThresholdsStore } from './thresholds.repository';

/** A port's thresholds as set (null: the default applies), with the port's name. */
export interface PortThresholds extends StoredThresholds {
	deviceId: number;
	port: number;
	name: string;
}

export const THRESHOLD_LIMITS: Readonly<Record<keyof Thresholds, readonly [number, number]>> = {
	highUsageW: [1, 20_000],
	dailyCost: [0, 1_000_000],
	peakW: [1, 20_000]
};

export type ThresholdsResult = { ok: true } | { ok: false; reason: 'not found' | 'out of range' };

export function createThresholdsService(store: ThresholdsStore, usage: UsageRepository) {
	const owns = (userId: number, deviceId: number, port: number) =>
		usage.portNames(userId).some((n) => n.deviceId === deviceId && n.port === port);

	return {
		defaults: DEFAULT_THRESHOLDS,
		list(userId: number): PortThresholds[] {
			return usage.portNames(userId).map((n) => ({
				deviceId: n.deviceId,
				port: n.port,
				name: `${n.deviceName} · ${n.label ?? `Port ${n.port}`}`,
				...store.stored(n.deviceId, n.port)
			}));
		},
		/**
		 * Changes the thresholds named in `values` and keeps the others, so two phones that
		 * change different fields of one port both keep their change (last writer wins per
		 * field). Null goes back to the default. Nothing is stored when the port is not the
		 * user's or a value is out of range.
		 */
		update(
			userId: number,
			deviceId: number,
			port: number,
			values: Partial<StoredThresholds>
		): ThresholdsResult {
			if (!owns(userId, deviceId, port)) return { ok: false, reason: 'not found' };
			for (const [k, [lo, hi]] of Object.entries(THRESHOLD_LIMITS)) {
				const v = values[k as keyof Thresholds];
				if (v !== undefined && v !== null && !(Number.isFinite(v) && v >= lo && v <= hi))
					return { ok: false, reason: 'out of range' };
			}
			const current = store.stored(deviceId, port);
			store.set(deviceId, port, {
				highUsageW: values.highUsageW === undefined ? current.highUsageW : values.highUsageW,
				dailyCost: values.dailyCost === undefined ? current.dailyCost : values.dailyCost,
				peakW: values.peakW === undefined ? current.peakW : values.peakW
			});
			return { ok: true };
		}
	};
}

export type ThresholdsService = ReturnType<typeof createThresholdsService>;
