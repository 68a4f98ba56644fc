/**
 * Alert rules as small pure functions (docs/decisions.md, rule 4: alerts are states). They take
 * plain values and instants, never read a clock, so a test drives them with a fake one.
 */
export const RULES = [
	'HIGH_USAGE',
	'HIGH_COST',
	'PEAK_USAGE',
	'DEVICE_OFFLINE',
	'STANDBY_WASTE',
	// Raised by relay overload protection (server/relays) when it switches a port off.
	'OVERLOAD',
	// The household's month passes its next slab at the present pace (on the household's first strip).
	'SLAB_AHEAD',
	// A prepaid household's balance runs out within days at the recent pace.
	'BALANCE_LOW'
] as const;
export type Rule = (typeof RULES)[number];
export type Severity = 'CRITICAL' | 'WARNING' | 'INFO';

/**
 * The seed's severities for the first three. A strip that stops reporting hides every
 * other rule, so DEVICE_OFFLINE is a WARNING; standby waste costs little: INFO.
 */
export const SEVERITY: Readonly<Record<Rule, Severity>> = Object.freeze({
	HIGH_USAGE: 'WARNING',
	HIGH_COST: 'CRITICAL',
	PEAK_USAGE: 'INFO',
	DEVICE_OFFLINE: 'WARNING',
	STANDBY_WASTE: 'INFO',
	OVERLOAD: 'CRITICAL',
	SLAB_AHEAD: 'WARNING',
	BALANCE_LOW: 'WARNING'
});

/** What each rule is called in the app and in notifications. */
export const RULE_TITLES: Readonly<Record<Rule, string>> = Object.freeze({
	HIGH_USAGE: 'High usage',
	HIGH_COST: 'High cost today',
	PEAK_USAGE: 'Use in peak hours',
	DEVICE_OFFLINE: 'Strip offline',
	STANDBY_WASTE: 'Standby all night',
	OVERLOAD: 'Overload: switched off',
	SLAB_AHEAD: 'Next slab ahead',
	BALANCE_LOW: 'Balance running low'
});

export interface Thresholds {
	/** HIGH_USAGE: watts held for `holdMs` */
	highUsageW: number;
	/** HIGH_COST: a port's cost today, in the household currency */
	dailyCost: number;
	/** PEAK_USAGE: watts during peak hours */
	peakW: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
	highUsageW: 1000,
	dailyCost: 100,
	peakW: 500
});

/** How long a power condition must hold, in device time, before it is raised. */
export const HOLD_MS = 60_000;
/** Peak hours on the household's wall clock (docs/decisions.md, tariff facts), minutes after midnight. */
export const PEAK_START_MIN = 18 * 60;
export const PEAK_END_MIN = 23 * 60;

export type Transition = 'raise' | 'clear' | null;

/** Per-port memory of a "condition held for a while" rule. */
export interface HoldState {
	/** device time the condition started holding, null while it does not */
	since: number | null;
	/** newest reading seen; older (replayed) readings do not move the state */
	lastTs: number;
	open: boolean;
}

export const newHold = (open = false): HoldState => ({ since: null, lastTs: -Infinity, open });

/**
 * One reading through a hold rule. Raises once when the condition has held for `holdMs`
 * of device time, stays quiet while it keeps holding, clears when it stops. Across a
 * silence longer than `maxGapMs` nothing is known about the condition, so the hold
 * starts again from the reading after it.
 */
export function stepHold(
	s: HoldState,
	ts: number,
	active: boolean,
	holdMs: number,
	maxGapMs: number
): Transition {
	if (ts <= s.lastTs) return null;
	if (ts - s.lastTs > maxGapMs) s.since = null;
	s.lastTs = ts;
	if (!active) {
		s.since = null;
		if (!s.open) return null;
		s.open = false;
		return 'clear';
	}
	s.since ??= ts;
	if (s.open || ts - s.since < holdMs) return null;
	s.open = true;
	return 'raise';
}

export function inPeakHours(minuteOfDay: number): boolean {
	return minuteOfDay >= PEAK_START_MIN && minuteOfDay < PEAK_END_MIN;
}

/** No data for three reporting intervals (server receive time, not the device's clock). */
export function isOffline(lastReceivedAt: number, intervalMs: number, now: number): boolean {
	return now - lastReceivedAt > 3 * intervalMs;
}

export interface StandbyBucket {
	start: number;
	energyMj: number;
	peakW: number | null;
	samples: number;
}

/** Standby: a small steady draw (a TV or charger left plugged in), not off and not in use. */
export const STANDBY_BAND = { minW: 0.5, maxW: 20 } as const;
export const STANDBY_HOURS = 6;
const BUCKET_MS = 900_000;

/** Mean power of a 15-minute bucket, in watts (mJ / 1000 = J; J / 900 s = W). */
export const meanW = (b: StandbyBucket): number => b.energyMj / 1000 / (BUCKET_MS / 1000);

export function isStandbyBucket(b: StandbyBucket): boolean {
	const w = meanW(b);
	return (
		b.samples > 0 &&
		w >= STANDBY_BAND.minW &&
		w <= STANDBY_BAND.maxW &&
		(b.peakW ?? 0) <= STANDBY_BAND.maxW
	);
}

/**
 * Steady standby over every bucket of [start, start + 6 h): all buckets present and in
 * the band, and the draw steady (the largest mean at most 1.5 × the smallest), so a
 * phone that finished charging at 2 am does not count.
 */
export function isSteadyStandby(buckets: readonly StandbyBucket[], start: number): boolean {
	const n = (STANDBY_HOURS * 3_600_000) / BUCKET_MS;
	const byStart = new Map(buckets.map((b) => [b.start, b]));
	let lo = Infinity;
	let hi = 0;
	for (let i = 0; i < n; i++) {
		const b = byStart.get(start + i * BUCKET_MS);
		if (!b || !isStandbyBucket(b)) return false;
		lo = Math.min(lo, meanW(b));
		hi = Math.max(hi, meanW(b));
	}
	return hi <= lo * 1.5;
}

/** Night on the wall clock: 22:00–07:00. A 6-hour window counts when it lies inside one night. */
export function isNightWindow(startMinute: number, hours = STANDBY_HOURS): boolean {
	const shifted = (startMinute - 22 * 60 + 1440) % 1440; // minutes since 22:00
	return shifted + hours * 60 <= 9 * 60;
}
