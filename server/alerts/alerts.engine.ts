/**
 * Runs the alert rules. Power rules (HIGH_USAGE, PEAK_USAGE) step incrementally on every
 * stored reading with per-port state in memory: a few Map lookups and comparisons, and a
 * database write only when an alert opens, counts one more start, or clears. Time rules (DEVICE_OFFLINE,
 * HIGH_COST, STANDBY_WASTE, SLAB_AHEAD, BALANCE_LOW, and peak hours ending) run from a
 * scheduler tick.
 */
import type { AlertMessage } from './alert-message';
import { localParts } from '../billing';
import type { Clock } from '../clock';
import { BUCKET_MS, bucketStart } from '../energy/units';
import type { AlertCost } from './alert-cost';
import type { AlertsService } from './alerts.service';
import {
	HIGH_USAGE_FLOOR_W,
	LEARN_DAYS,
	QUIET_MS,
	STANDBY_HOURS,
	episodeLimits,
	isNightWindow,
	isOffline,
	isStandbyBucket,
	isSteadyStandby,
	learnedHighUsageW,
	meanW,
	newEpisode,
	quietEnough,
	stepEpisode,
	type EpisodeState,
	type EpisodeStep,
	type StandbyBucket
} from './rules';
import type { ThresholdsStore } from './thresholds.repository';

/** Money for the alerts that have a price (alert-pricing.ts); null when it cannot be priced. */
export interface AlertPrices {
	/** whether the household's tariff charges more at this instant than at its cheapest */
	isPeak: (deviceId: number, ts: number) => boolean;
	dayOfUse: (deviceId: number, port: number, ts: number) => AlertCost | null;
	peakPremium: (deviceId: number, port: number, ts: number) => AlertCost | null;
	standbyMonth: (deviceId: number, watts: number, ts: number) => AlertCost | null;
	today: (deviceId: number, cost: number, ts: number) => AlertCost | null;
}

export interface EngineDeps {
	alerts: AlertsService;
	thresholds: ThresholdsStore;
	clock: Clock;
	timeZone: (deviceId: number) => string;
	maxGapMs: (deviceId: number) => number;
	/** Reporting interval assumed until one is observed (after a restart). */
	defaultIntervalMs: (deviceId: number) => number;
	devices: () => { id: number; ownerId: number | null; lastSeenAt: number | null }[];
	ports: () => { deviceId: number; port: number; ownerId: number }[];
	portBuckets: (deviceId: number, port: number, start: number, end: number) => StandbyBucket[];
	/** Today's cost per port of one household. */
	costsToday: (userId: number) => { deviceId: number; port: number; cost: number }[];
	/** The household's next slab this month; null when it has no strip to hang the alert on, or its forecast is still being worked out. */
	slabAhead: (userId: number) => HouseholdWatch | null;
	/** A prepaid household's balance running low; null as above. */
	balanceLow: (userId: number) => HouseholdWatch | null;
	prices: AlertPrices;
}

export interface HouseholdWatch {
	/** the strip the household's own alerts hang on */
	deviceId: number;
	/** what the alert is about while it should be open (e.g. 'YYYY-MM:<bound>'); else null */
	tag: string | null;
	message: AlertMessage | null;
}

export interface ReadingLike {
	port: number;
	ts: number;
	power: number;
}

interface PortState {
	high: EpisodeState;
	peak: EpisodeState;
	/** the learned HIGH_USAGE watts and the device time to learn again */
	learned: { w: number; until: number } | null;
}

const MAX_INTERVAL_MS = 10 * 60_000;
const LEARN_AGAIN_MS = 3_600_000;

export function createAlertsEngine(d: EngineDeps) {
	const ports = new Map<string, PortState>();
	const devices = new Map<number, { lastReceivedAt: number; intervalMs: number | null }>();
	const peakCache = new Map<string, boolean>();

	function portState(deviceId: number, port: number): PortState {
		const key = `${deviceId}:${port}`;
		let s = ports.get(key);
		if (!s) {
			s = {
				high: newEpisode(d.alerts.isOpen('HIGH_USAGE', deviceId, port)),
				peak: newEpisode(d.alerts.isOpen('PEAK_USAGE', deviceId, port)),
				learned: null
			};
			ports.set(key, s);
		}
		return s;
	}

	/**
	 * The household's watts, or what the port's own last two weeks say is unusual for it. A
	 * learned threshold is never under the floor, so a reading at or under it is not over
	 * either way: the port's history is read only when a reading could be.
	 */
	function highUsageW(
		s: PortState,
		deviceId: number,
		port: number,
		ts: number,
		powerW: number
	): number {
		const t = d.thresholds.of(deviceId, port);
		if (t.highUsageSet) return t.highUsageW;
		if (powerW <= HIGH_USAGE_FLOOR_W) return s.learned?.w ?? HIGH_USAGE_FLOOR_W;
		if (!s.learned || ts >= s.learned.until || ts < s.learned.until - 2 * LEARN_AGAIN_MS) {
			const peaks = d
				.portBuckets(deviceId, port, ts - LEARN_DAYS * 86_400_000, ts)
				.filter((b) => b.samples > 0 && b.peakW !== null)
				.map((b) => b.peakW!);
			s.learned = { w: learnedHighUsageW(peaks), until: ts + LEARN_AGAIN_MS };
		}
		return s.learned.w;
	}

	// Tariff windows are set in whole minutes: one look at the tariff per strip and minute,
	// not per reading.
	function inPeak(deviceId: number, ts: number): boolean {
		const key = `${deviceId}|${Math.floor(ts / 60_000)}`;
		let v = peakCache.get(key);
		if (v === undefined) {
			v = d.prices.isPeak(deviceId, ts);
			if (peakCache.size > 10_000) peakCache.clear();
			peakCache.set(key, v);
		}
		return v;
	}

	function apply(
		rule: 'HIGH_USAGE' | 'PEAK_USAGE',
		step: EpisodeStep,
		s: EpisodeState,
		deviceId: number,
		port: number,
		ts: number,
		receivedAt: number,
		msg: () => AlertMessage,
		cost: () => AlertCost | null
	) {
		if (step === 'raise')
			d.alerts.raise(rule, deviceId, port, msg(), receivedAt, null, {
				firstAt: s.firstTs ?? ts,
				lastAt: ts,
				count: Math.max(1, s.starts),
				cost: cost()
			});
		else if (step === 'bump') d.alerts.bump(rule, deviceId, port, ts, receivedAt);
		else if (step === 'clear') d.alerts.clear(rule, deviceId, port, receivedAt);
	}

	function onReadings(
		deviceId: number,
		readings: readonly ReadingLike[],
		receivedAt: number
	): void {
		if (readings.length === 0) return;
		const dev = devices.get(deviceId) ?? { lastReceivedAt: 0, intervalMs: null };
		dev.lastReceivedAt = receivedAt;
		devices.set(deviceId, dev);
		if (d.alerts.isOpen('DEVICE_OFFLINE', deviceId, null)) {
			d.alerts.clear('DEVICE_OFFLINE', deviceId, null, receivedAt);
		}
		const limits = episodeLimits(d.maxGapMs(deviceId));
		for (const r of readings) {
			const s = portState(deviceId, r.port);
			const gap = r.ts - s.high.lastTs;
			if (gap > 0 && gap <= MAX_INTERVAL_MS) dev.intervalMs = Math.max(gap, 1000);
			const t = d.thresholds.of(deviceId, r.port);
			const highW = highUsageW(s, deviceId, r.port, r.ts, r.power);
			apply(
				'HIGH_USAGE',
				stepEpisode(s.high, r.ts, r.power > highW, limits),
				s.high,
				deviceId,
				r.port,
				r.ts,
				receivedAt,
				() => ({ k: 'high_usage', limitW: Math.round(highW), powerW: Math.round(r.power) }),
				() => d.prices.dayOfUse(deviceId, r.port, r.ts)
			);
			const peak = r.power > t.peakW && inPeak(deviceId, r.ts);
			apply(
				'PEAK_USAGE',
				stepEpisode(s.peak, r.ts, peak, limits),
				s.peak,
				deviceId,
				r.port,
				r.ts,
				receivedAt,
				() => ({ k: 'peak_usage', powerW: Math.round(r.power), peakW: Math.round(t.peakW) }),
				() => d.prices.peakPremium(deviceId, r.port, r.ts)
			);
		}
	}

	function tickOffline(now: number): void {
		for (const dev of d.devices()) {
			const st = devices.get(dev.id);
			const last = Math.max(st?.lastReceivedAt ?? 0, dev.lastSeenAt ?? 0);
			if (last === 0) continue; // never reported: nothing went quiet
			const interval = st?.intervalMs ?? d.defaultIntervalMs(dev.id);
			if (isOffline(last, interval, now)) {
				const min = Math.round((now - last) / 60_000);
				d.alerts.raise('DEVICE_OFFLINE', dev.id, null, { k: 'offline', min }, now);
			}
		}
	}

	/**
	 * Power alerts of a strip that went quiet close once the hold window has passed with no
	 * new start; a peak-hours alert closes when the dear hours end.
	 */
	function tickPeakEnd(now: number): void {
		for (const [key, s] of ports) {
			const [deviceId, port] = key.split(':').map(Number) as [number, number];
			if (quietEnough(s.high, now, QUIET_MS)) {
				s.high = newEpisode();
				d.alerts.clear('HIGH_USAGE', deviceId, port, now);
			}
			if (!s.peak.open) continue;
			if (!quietEnough(s.peak, now, QUIET_MS) && inPeak(deviceId, now)) continue;
			s.peak = newEpisode();
			d.alerts.clear('PEAK_USAGE', deviceId, port, now);
		}
	}

	function tickCost(now: number): void {
		const owners = new Set(d.ports().map((p) => p.ownerId));
		for (const userId of owners) {
			const costs = new Map(d.costsToday(userId).map((c) => [`${c.deviceId}:${c.port}`, c.cost]));
			for (const p of d.ports().filter((x) => x.ownerId === userId)) {
				const cost = costs.get(`${p.deviceId}:${p.port}`) ?? 0;
				const limit = d.thresholds.of(p.deviceId, p.port).dailyCost;
				if (cost > limit) {
					if (d.alerts.isOpen('HIGH_COST', p.deviceId, p.port)) continue;
					d.alerts.raise(
						'HIGH_COST',
						p.deviceId,
						p.port,
						{ k: 'high_cost', cost, limit },
						now,
						null,
						{ cost: d.prices.today(p.deviceId, cost, now) }
					);
				} else {
					d.alerts.clear('HIGH_COST', p.deviceId, p.port, now);
				}
			}
		}
	}

	/**
	 * The household's own alerts, each once per tag (a slab and billing month; a level of a
	 * low balance and the recharge it follows), cleared when the tag moves on or goes.
	 * Household figures cost a few queries, so every quarter hour is enough.
	 */
	let lastHouseholdSlot = -1;
	function tickHousehold(now: number): void {
		const slot = bucketStart(now);
		if (slot === lastHouseholdSlot) return;
		lastHouseholdSlot = slot;
		for (const userId of new Set(d.ports().map((p) => p.ownerId))) lookAtHousehold(userId, now);
	}

	function lookAtHousehold(userId: number, now: number): void {
		for (const [rule, watch] of [
			['SLAB_AHEAD', d.slabAhead],
			['BALANCE_LOW', d.balanceLow]
		] as const) {
			const w = watch(userId);
			if (!w) continue;
			const openTag = d.alerts.openTag(rule, w.deviceId, null);
			if (openTag !== null && openTag !== w.tag) d.alerts.clear(rule, w.deviceId, null, now);
			if (w.tag && w.message && openTag !== w.tag && !d.alerts.wasTagged(rule, w.deviceId, w.tag)) {
				d.alerts.raise(rule, w.deviceId, null, w.message, now, w.tag);
			}
		}
	}

	function tickStandby(now: number): void {
		const end = bucketStart(now);
		const start = end - STANDBY_HOURS * 3_600_000;
		for (const p of d.ports()) {
			const tz = d.timeZone(p.deviceId);
			const open = d.alerts.isOpen('STANDBY_WASTE', p.deviceId, p.port);
			const lp = localParts(start, tz);
			if (!open && !isNightWindow(lp.hour * 60 + lp.minute)) continue;
			const buckets = d.portBuckets(p.deviceId, p.port, open ? end - BUCKET_MS : start, end);
			if (!open && isSteadyStandby(buckets, start)) {
				const w = buckets.reduce((a, b) => a + meanW(b), 0) / buckets.length;
				d.alerts.raise(
					'STANDBY_WASTE',
					p.deviceId,
					p.port,
					{ k: 'standby', w, hours: STANDBY_HOURS },
					now,
					null,
					{ cost: d.prices.standbyMonth(p.deviceId, w, now) }
				);
			} else if (open) {
				// Stays open until the draw changes: someone used the port or switched it off.
				const last = buckets[buckets.length - 1];
				if (!last || !isStandbyBucket(last))
					d.alerts.clear('STANDBY_WASTE', p.deviceId, p.port, now);
			}
		}
	}

	return {
		onReadings,
		/** The scheduler's minute: every time-based rule, each failure contained. */
		tick(now = d.clock.now()): void {
			for (const step of [tickOffline, tickPeakEnd, tickCost, tickStandby, tickHousehold]) {
				try {
					step(now);
				} catch (err) {
					console.error(`alerts: ${step.name} failed`, err);
				}
			}
		},
		tickOffline,
		tickPeakEnd,
		tickCost,
		tickStandby,
		/** Runs at once whatever the quarter hour (tests, and after a meter reading). */
		tickHousehold(now = d.clock.now()): void {
			lastHouseholdSlot = -1;
			tickHousehold(now);
		},
		/** One household's own alerts, now (its forecast came from elsewhere). */
		lookAtHousehold(userId: number, now = d.clock.now()): void {
			lookAtHousehold(userId, now);
		},
		/** A tariff changed: which hours are peak is read again. */
		tariffsChanged(): void {
			peakCache.clear();
		},
		forgetDevice(deviceId: number): void {
			devices.delete(deviceId);
			for (const k of ports.keys()) if (k.startsWith(`${deviceId}:`)) ports.delete(k);
		}
	};
}

export type AlertsEngine = ReturnType<typeof createAlertsEngine>;
