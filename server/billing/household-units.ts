/**
 * How many units the household's meter counted over a span of time, from what we know:
 * the meter readings the household entered, what its strips measured, and the rest of the
 * home's use learned from the readings (or from "about N units a month").
 *
 * Between two readings of one meter the household used exactly their difference; the
 * strips measured part of it and the rest of the home is spread evenly over the time
 * between them. So a reading in the middle of the span anchors it, and the strips' ups
 * and downs show where within the span the units fell. After the last reading (and
 * before the first) the register moves by what the strips measure plus the rest of the
 * home at the learned rate: that part is an estimate and says so.
 */

export interface MeterReading {
	/** UTC ms the register was read */
	at: number;
	/** the register as printed on the meter, kWh */
	kwh: number;
}

/** One physical meter in the household's history; a replacement starts the next one. */
export interface MeterSpan {
	from: number;
	/** null while it is the household's meter */
	until: number | null;
	/** ascending by time, each inside [from, until] */
	readings: readonly MeterReading[];
}

export interface UnitsInput {
	meters: readonly MeterSpan[];
	/** kWh the household's strips measured in [from, to) */
	stripKwh(from: number, to: number): number;
	/** the rest of the home from "about N units a month", kWh per day; null when not given */
	estimateRestPerDay: number | null;
}

/** What a figure rests on, for the sentence that says so. */
export interface UnitsBasis {
	/** both ends of the span are readings: nothing estimated */
	exact: boolean;
	/** the newest reading at or before the span's end */
	lastReading: MeterReading | null;
	/** readings inside the span */
	readingsInside: number;
	/** the rest of the home per day used past the readings, and where that rate comes from */
	restPerDay: number;
	restFrom: 'readings' | 'estimate' | 'none';
}

export interface Units {
	kwh: number;
	/** of which the strips measured */
	stripKwh: number;
	basis: UnitsBasis;
}

const DAY_MS = 86_400_000;
/**
 * The rest of the home past a reading is estimated to the last quarter hour: the estimate
 * then moves in steps, so two screens opened a minute apart show the same bill to the paisa.
 */
const STEP_MS = 900_000;
/** `t` down to its quarter hour, never before `since`. */
const settled = (t: number, since: number) => Math.max(since, Math.floor(t / STEP_MS) * STEP_MS);
/** How far back readings teach the rest-of-home rate: a season, not last year's winter. */
const LEARN_WINDOW_MS = 120 * DAY_MS;

interface Interval {
	from: MeterReading;
	to: MeterReading;
	/** rest of the home, kWh per ms (may be negative when readings and strips disagree) */
	rate: number;
}

export function createHouseholdUnits(input: UnitsInput) {
	const intervals: Interval[][] = input.meters.map((m) =>
		m.readings.slice(1).map((to, i) => {
			const from = m.readings[i]!;
			const rest = to.kwh - from.kwh - input.stripKwh(from.at, to.at);
			return { from, to, rate: to.at > from.at ? rest / (to.at - from.at) : 0 };
		})
	);
	const all = intervals.flat().sort((a, b) => a.to.at - b.to.at);

	/** The rest of the home per ms near `at`: readings of the last season, else the estimate. */
	function learnedRate(at: number): { perMs: number; from: UnitsBasis['restFrom'] } {
		const recent = all.filter((i) => i.to.at <= at && i.to.at > at - LEARN_WINDOW_MS);
		// Before the first readings' interval ends, the nearest interval is the best guess.
		const nearest = [...all].sort((x, y) => Math.abs(x.to.at - at) - Math.abs(y.to.at - at));
		const use = recent.length ? recent : nearest.slice(0, 1);
		const ms = use.reduce((a, i) => a + (i.to.at - i.from.at), 0);
		if (ms > 0) {
			const kwh = use.reduce((a, i) => a + i.rate * (i.to.at - i.from.at), 0);
			return { perMs: Math.max(0, kwh / ms), from: 'readings' };
		}
		if (input.estimateRestPerDay !== null) {
			return { perMs: Math.max(0, input.estimateRestPerDay) / DAY_MS, from: 'estimate' };
		}
		return { perMs: 0, from: 'none' };
	}

	/** The household's use from `a` to `b` on one meter (a ≤ b, both inside its span). */
	function onMeter(m: MeterSpan, k: number, a: number, b: number): number {
		const rs = m.readings;
		if (rs.length === 0) {
			const b1 = settled(b, a);
			return input.stripKwh(a, b) + learnedRate(b1).perMs * (b1 - a);
		}
		// The register's position relative to its first reading.
		const register = (t: number): number => {
			const first = rs[0]!;
			if (t <= first.at) {
				return (
					first.kwh - input.stripKwh(t, first.at) - learnedRate(first.at).perMs * (first.at - t)
				);
			}
			const i = intervals[k]!.findIndex((iv) => t <= iv.to.at);
			if (i >= 0) {
				const iv = intervals[k]![i]!;
				return iv.from.kwh + input.stripKwh(iv.from.at, t) + iv.rate * (t - iv.from.at);
			}
			const last = rs[rs.length - 1]!;
			const t1 = settled(t, last.at);
			return last.kwh + input.stripKwh(last.at, t) + learnedRate(t1).perMs * (t1 - last.at);
		};
		return register(b) - register(a);
	}

	return {
		/** The household's units in [from, to), with what the figure rests on. */
		between(from: number, to: number): Units {
			let kwh = 0;
			input.meters.forEach((m, k) => {
				const a = Math.max(from, m.from);
				const b = Math.min(to, m.until ?? Infinity);
				if (b > a) kwh += onMeter(m, k, a, b);
			});
			const stripKwh = input.stripKwh(from, to);
			const readings = input.meters.flatMap((m) => m.readings);
			const lastReading = readings.filter((r) => r.at <= to).sort((x, y) => y.at - x.at)[0] ?? null;
			const isReading = (t: number) => readings.some((r) => r.at === t);
			const rest = learnedRate(to);
			return {
				// A meter never runs backwards, and the strips' energy went through it.
				kwh: Math.max(kwh, stripKwh),
				stripKwh,
				basis: {
					exact: isReading(from) && isReading(to),
					lastReading,
					readingsInside: readings.filter((r) => r.at > from && r.at < to).length,
					restPerDay: rest.perMs * DAY_MS,
					restFrom: rest.from
				}
			};
		},
		/** The rest of the home per ms at `at`, for projecting beyond now. */
		restPerMs: (at: number) => learnedRate(at).perMs,
		/** The first instant the household has data for (a reading), or null. */
		firstReadingAt: (): number | null => {
			const times = input.meters.flatMap((m) => m.readings.map((r) => r.at));
			return times.length ? Math.min(...times) : null;
		}
	};
}

export type HouseholdUnits = ReturnType<typeof createHouseholdUnits>;
