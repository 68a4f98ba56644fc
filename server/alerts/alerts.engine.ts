/**
 * Runs the alert rules. Power rules (HIGH_USAGE, PEAK_USAGE) step incrementally on every
 * stored reading with per-port state in memory: a few Map lookups and comparisons, and a
 * database write only when an alert opens or clears. Time rules (DEVICE_OFFLINE,
 * HIGH_COST, STANDBY_WASTE, SLAB_AHEAD, BALANCE_LOW, and peak hours ending) run from a
 * scheduler tick.
 */
import { localParts } from '../billing';
import type { Clock } from '../clock';
import { BUCKET_MS, bucketStart } from '../energy/units';
import type { AlertsService } from './alerts.service';
import {
	HOLD_MS,
	STANDBY_HOURS,
	inPeakHours,
	isNightWindow,
	isOffline,
	isStandbyBucket,
	isSteadyStandby,
	meanW,
	newHold,
	stepHold,
	type HoldState,
	type StandbyBucket
} from './rules';
import type { ThresholdsStore } from './thresholds.repository';

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
	/** The household's next slab this month; null when it has no strip to hang the alert on. */
	slabAhead: (userId: number) => HouseholdWatch | null;
	/** A prepaid household's balance running low; null as above. */
	balanceLow: (userId: number) => HouseholdWatch | null;
}

export interface HouseholdWatch {
	/** the strip the household's own alerts hang on */
	deviceId: number;
	/** what the alert is about while it should be open (e.g. 'YYYY-MM:<bound>'); else null */
	tag: string | null;
	message: string;
}

export interface ReadingLike {
	port: number;
	ts: number;
	power: number;
}

interface PortState {
	high: HoldState;
	peak: HoldState;
}

const MAX_INTERVAL_MS = 10 * 60_000;
const fmtW = (w: number) => `${Math.round(w).toLocaleString('en')} W`;

export function createAlertsEngine(d: EngineDeps) {
	const ports = new Map<string, PortState>();
	const devices = new Map<number, { lastReceivedAt: number; intervalMs: number | null }>();
	const peakCache = new Map<string, boolean>();

	function portState(deviceId: number, port: number): PortState {
		const key = `${deviceId}:${port}`;
		let s = ports.get(key);
		if (!s) {
			s = {
				high: newHold(d.alerts.isOpen('HIGH_USAGE', deviceId, port)),
				peak: newHold(d.alerts.isOpen('PEAK_USAGE', deviceId, port))
			};
			ports.set(key, s);
		}
		return s;
	}

	// Peak hours start and end on quarter hours in every real zone, so the answer is the
	// same for a whole 15-minute bucket: one Intl call per bucket, not per reading.
	function inPeak(ts: number, tz: string): boolean {
		const key = `${tz}|${bucketStart(ts)}`;
		let v = peakCache.get(key);
		if (v === undefined) {
			const p = localParts(ts, tz);
			v = inPeakHours(p.hour * 60 + p.minute);
			if (peakCache.size > 10_000) peakCache.clear();
			peakCache.set(key, v);
		}
		return v;
	}

	function apply(
		rule: 'HIGH_USAGE' | 'PEAK_USAGE',
		t: string | null,
		deviceId: number,
		port: number,
		at: number,
		msg: () => string
	) {
		if (t === 'raise') d.alerts.raise(rule, deviceId, port, msg(), at);
		else if (t === 'clear') d.alerts.clear(rule, deviceId, port, at);
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
		const tz = d.timeZone(deviceId);
		const maxGap = d.maxGapMs(deviceId);
		for (const r of readings) {
			const s = portState(deviceId, r.port);
			const gap = r.ts - s.high.lastTs;
			if (gap > 0 && gap <= MAX_INTERVAL_MS) dev.intervalMs = Math.max(gap, 1000);
			const t = d.thresholds.of(deviceId, r.port);
			apply(
				'HIGH_USAGE',
				stepHold(s.high, r.ts, r.power > t.highUsageW, HOLD_MS, maxGap),
				deviceId,
				r.port,
				receivedAt,
				() => `Above ${fmtW(t.highUsageW)} for over a minute (${fmtW(r.power)})`
			);
			const peak = r.power > t.peakW && inPeak(r.ts, tz);
			apply(
				'PEAK_USAGE',
				stepHold(s.peak, r.ts, peak, HOLD_MS, maxGap),
				deviceId,
				r.port,
				receivedAt,
				() => `${fmtW(r.power)} in peak hours (18:00–23:00), above ${fmtW(t.peakW)}`
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
				d.alerts.raise(
					'DEVICE_OFFLINE',
					dev.id,
					null,
					`No data for ${min} min (three reporting intervals)`,
					now
				);
			}
		}
	}

	function tickPeakEnd(now: number): void {
		for (const [key, s] of ports) {
			if (!s.peak.open) continue;
			const [deviceId, port] = key.split(':').map(Number) as [number, number];
			if (inPeak(now, d.timeZone(deviceId))) continue;
			s.peak.open = false;
			s.peak.since = null;
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
					d.alerts.raise(
						'HIGH_COST',
						p.deviceId,
						p.port,
						`Today's cost ${cost.toFixed(2)} is above ${limit.toFixed(2)}`,
						now
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
		for (const userId of new Set(d.ports().map((p) => p.ownerId))) {
			for (const [rule, watch] of [
				['SLAB_AHEAD', d.slabAhead],
				['BALANCE_LOW', d.balanceLow]
			] as const) {
				const w = watch(userId);
				if (!w) continue;
				const openTag = d.alerts.openTag(rule, w.deviceId, null);
				if (openTag !== null && openTag !== w.tag) d.alerts.clear(rule, w.deviceId, null, now);
				if (w.tag && openTag !== w.tag && !d.alerts.wasTagged(rule, w.deviceId, w.tag)) {
					d.alerts.raise(rule, w.deviceId, null, w.message, now, w.tag);
				}
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
					`Drew a steady ${w.toFixed(1)} W on standby for ${STANDBY_HOURS} hours at night`,
					now
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
		forgetDevice(deviceId: number): void {
			devices.delete(deviceId);
			for (const k of ports.keys()) if (k.startsWith(`${deviceId}:`)) ports.delete(k);
		}
	};
}

export type AlertsEngine = ReturnType<typeof createAlertsEngine>;
