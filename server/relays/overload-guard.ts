import type { Protection } from './protection.repository';

export interface PowerSample {
	port: number;
	ts: number;
	power: number;
}

export interface Trip {
	deviceId: number;
	/** The port to switch off. */
	port: number;
	/** 0 when the whole strip's limit tripped. */
	limitPort: number;
	powerW: number;
	limitW: number;
	holdS: number;
}

/** Readings older than this are a replayed buffer: history, not a reason to switch now. */
export const STALE_MS = 2 * 60_000;

interface DeviceState {
	lastTs: number;
	power: Map<number, number>;
	/** When the power went over the limit, per limit (port, or 0 for the strip). */
	overSince: Map<number, number>;
	/** Port limits that tripped and stay quiet until the power is back under them. */
	tripped: Set<number>;
	/** Ports the strip limit cut whose relay has not reported off yet (no second cut). */
	cut: Set<number>;
}

/**
 * Overload protection after Tasmota's MaxPower and MaxPowerHold: a port (or the strip as
 * a whole) drawing more than its limit for at least the hold time is switched off. Time
 * is the readings' own `ts`, so the hold is measured as the strip measured it. State is
 * in memory: it is rebuilt from the next readings after a restart.
 */
export function createOverloadGuard(protectionOf: (deviceId: number, port: number) => Protection) {
	const state = new Map<number, DeviceState>();

	function check(
		s: DeviceState,
		key: number,
		power: number,
		ts: number,
		p: Protection
	): 'trip' | null {
		if (p.maxPowerW === null || power <= p.maxPowerW) {
			s.overSince.delete(key);
			s.tripped.delete(key);
			return null;
		}
		if (s.tripped.has(key)) return null;
		const since = s.overSince.get(key) ?? ts;
		s.overSince.set(key, since);
		if (ts - since < p.holdS * 1000) return null;
		// A port stays cut; the strip re-arms at once, to cut the next load after another hold.
		if (key === 0) s.overSince.set(0, ts);
		else {
			s.tripped.add(key);
			s.overSince.delete(key);
		}
		return 'trip';
	}

	/** The strip is over its limit: cut the biggest load that is not marked critical. */
	function victim(deviceId: number, s: DeviceState): number | null {
		const ranked = [...s.power.entries()]
			.filter(([port, w]) => w > 0 && !s.cut.has(port))
			.sort((a, b) => b[1] - a[1]);
		const normal = ranked.find(([port]) => !protectionOf(deviceId, port).critical);
		const port = (normal ?? ranked[0])?.[0] ?? null;
		if (port !== null) s.cut.add(port);
		return port;
	}

	return {
		observe(deviceId: number, samples: readonly PowerSample[], now: number): Trip[] {
			let s = state.get(deviceId);
			if (!s) {
				s = {
					lastTs: -Infinity,
					power: new Map(),
					overSince: new Map(),
					tripped: new Set(),
					cut: new Set()
				};
				state.set(deviceId, s);
			}
			const fresh = samples
				.filter((r) => r.ts >= s.lastTs && r.ts >= now - STALE_MS)
				.sort((a, b) => a.ts - b.ts);
			const trips: Trip[] = [];
			for (let i = 0; i < fresh.length;) {
				const ts = fresh[i]!.ts;
				for (; i < fresh.length && fresh[i]!.ts === ts; i++) {
					const r = fresh[i]!;
					s.power.set(r.port, r.power);
					if (r.power <= 0) s.cut.delete(r.port);
					const p = protectionOf(deviceId, r.port);
					if (check(s, r.port, r.power, ts, p) === 'trip') {
						trips.push(trip(deviceId, r.port, r.port, r.power, p));
					}
				}
				s.lastTs = ts;
				const strip = protectionOf(deviceId, 0);
				const total = [...s.power.values()].reduce((a, w) => a + w, 0);
				if (check(s, 0, total, ts, strip) === 'trip') {
					const port = victim(deviceId, s);
					if (port !== null) trips.push(trip(deviceId, port, 0, total, strip));
				}
			}
			return trips;
		},
		forget: (deviceId: number) => void state.delete(deviceId)
	};
}

function trip(
	deviceId: number,
	port: number,
	limitPort: number,
	powerW: number,
	p: Protection
): Trip {
	return { deviceId, port, limitPort, powerW, limitW: p.maxPowerW!, holdS: p.holdS };
}

export type OverloadGuard = ReturnType<typeof createOverloadGuard>;
