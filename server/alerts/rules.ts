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

export interface Thresholds {
	/** HIGH_USAGE: watts held for `holdMs` */
	highUsageW: number;
	/** HIGH_COST: a port's cost today, in the household currency */
	dailyCost: number;
	/** PEAK_USAGE: watts during peak hours */
	peakW: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
	highUsageW: 3300,
	dailyCost: 100,
	peakW: 500
});

/**
 * HIGH_USAGE when the household set no threshold: above anything a household iron or
 * kettle draws (at most 3 kW on the plate, +10 % at high mains), below a 15 A socket's
 * 3.45 kW; or, for a port whose own history runs a bigger load, half again its usual peak.
 */
export const HIGH_USAGE_FLOOR_W = DEFAULT_THRESHOLDS.highUsageW;
export const LEARN_DAYS = 14;
/** At least a day of measured quarter hours before a port's history says what is usual. */
const LEARN_MIN_BUCKETS = 96;

/** The learned HIGH_USAGE threshold from a port's bucket peaks (W) over the last days. */
export function learnedHighUsageW(peaks: readonly number[]): number {
	if (peaks.length < LEARN_MIN_BUCKETS) return HIGH_USAGE_FLOOR_W;
	const sorted = [...peaks].sort((a, b) => a - b);
	const usual = sorted[Math.floor(0.95 * (sorted.length - 1))]!;
	return Math.max(HIGH_USAGE_FLOOR_W, Math.round(usual * 1.5));
}

/** How long a power condition must hold, in device time, before it is raised. */
export const HOLD_MS = 60_000;
/**
 * Before an alert opens, a pause longer than this forgets the time the condition held (a
 * thermostat's off phase is shorter; a kettle boiled twice an hour apart is two uses).
 */
export const RELEASE_MS = 5 * 60_000;
/**
 * The hold window: an open alert closes only after its condition has been quiet this long,
 * and a new start inside it adds to the alert's count instead of opening another.
 */
export const QUIET_MS = 30 * 60_000;
export type Transition = 'raise' | 'clear' | null;

export interface EpisodeLimits {
	holdMs: number;
	releaseMs: number;
	quietMs: number;
	maxGapMs: number;
}

export const episodeLimits = (maxGapMs: number): EpisodeLimits => ({
	holdMs: HOLD_MS,
	releaseMs: RELEASE_MS,
	quietMs: QUIET_MS,
	maxGapMs
});

/** Per-port memory of a power rule with hysteresis (a cycling load is one alert). */
export interface EpisodeState {
	/** newest reading seen; older (replayed) readings do not move the state */
	lastTs: number;
	/** whether the newest reading had the condition */
	active: boolean;
	/** the newest reading that had the condition */
	lastActiveTs: number | null;
	/** time the condition held, counted before the alert opens */
	heldMs: number;
	/** first reading of the episode with the condition */
	firstTs: number | null;
	/** times the condition started in this episode */
	starts: number;
	open: boolean;
}

export const newEpisode = (open = false): EpisodeState => ({
	lastTs: -Infinity,
	active: false,
	lastActiveTs: null,
	heldMs: 0,
	firstTs: null,
	starts: 0,
	open
});

export type EpisodeStep = 'raise' | 'bump' | 'clear' | null;

const restart = (s: EpisodeState) => {
	s.heldMs = 0;
	s.firstTs = null;
	s.starts = 0;
};

/**
 * One reading through a power rule. It raises once the condition has held for `holdMs` of
 * device time in all, counting only the time between two readings that both had it, with
 * pauses no longer than `releaseMs` (a cycling iron holds; two uses an hour apart do not
 * add up). While open, each new start of the condition is a 'bump' (one more time on the
 * same alert); it clears once the condition has been quiet for `quietMs`. Across a silence
 * longer than `maxGapMs` nothing is known, so time held before it does not count.
 */
export function stepEpisode(
	s: EpisodeState,
	ts: number,
	active: boolean,
	l: EpisodeLimits
): EpisodeStep {
	if (ts <= s.lastTs) return null;
	const gap = ts - s.lastTs;
	const continued = s.active && gap <= l.maxGapMs;
	if (gap > l.maxGapMs && !s.open) restart(s);
	s.lastTs = ts;
	s.active = active;
	if (!active) {
		// Open when the engine started: the quiet time is counted from the first reading seen.
		if (s.open && s.lastActiveTs === null) s.lastActiveTs = ts;
		const quiet = s.lastActiveTs === null ? Infinity : ts - s.lastActiveTs;
		if (s.open && quiet >= l.quietMs) {
			s.open = false;
			restart(s);
			return 'clear';
		}
		if (!s.open && quiet > l.releaseMs) restart(s);
		return null;
	}
	if (!s.open && (s.lastActiveTs === null || ts - s.lastActiveTs > l.releaseMs)) restart(s);
	s.lastActiveTs = ts;
	s.firstTs ??= ts;
	if (!continued) s.starts++;
	if (s.open) return continued ? null : 'bump';
	if (continued) s.heldMs += gap;
	if (s.heldMs < l.holdMs) return null;
	s.open = true;
	return 'raise';
}

/** Closes an open episode whose condition has been quiet for `quietMs` by `now` (a silent strip). */
export function quietEnough(s: EpisodeState, now: number, quietMs: number): boolean {
	return s.open && !s.active && s.lastActiveTs !== null && now - s.lastActiveTs >= quietMs;
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
