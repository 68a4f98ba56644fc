/**
 * uPlot options for the history charts, read from the page's CSS variables so the axes
 * and grid follow light and dark mode. Types only from uPlot here: the library itself is
 * imported dynamically by the chart component, so the dashboard never loads it.
 */
import type uPlot from 'uplot';
import type { Series } from '$server/history/history.service';
import { portColour } from '$lib/port-colours';
import * as m from '$i18n/messages';
import { formatDayTime, formatNumber, formatTime } from '$lib/format';
import { lang } from '$lib/i18n';

export interface ChartInput {
	/** what to draw: power (W), energy (kWh) or money per port and slot */
	series: Series;
	/** bars (energy, money) stack every port; lines (power) draw each port */
	kind: 'lines' | 'bars';
	stacked: boolean;
	/** index into series.ports, or null for all */
	only: number | null;
	/** the y axis' name, e.g. 'Energy (kWh)' */
	axisLabel: string;
	/** a value as the legend writes it */
	format: (v: number) => string;
	/** per port, what the legend says while no slot is pointed at (the period's totals) */
	resting: string[] | null;
	/** the previous period's totals per slot, drawn as a dashed line */
	ghost: { label: string; values: (number | null)[] } | null;
	/** the household's zone, for a time axis */
	timeZone: string;
}

/** Cumulative sums for a stacked bar chart: each series is the top of its stack. */
export function stack(values: (number | null)[][]): (number | null)[][] {
	const out: (number | null)[][] = [];
	values.forEach((col, i) =>
		out.push(
			col.map((v, j) => {
				const below = i > 0 ? out[i - 1]![j]! : null;
				return v === null && below === null ? null : (v ?? 0) + (below ?? 0);
			})
		)
	);
	return out;
}

const stackedBars = (input: ChartInput) =>
	input.kind === 'bars' && input.stacked && input.only === null;

export function chartData(input: ChartInput): uPlot.AlignedData {
	const { series, only } = input;
	const cols = only === null ? series.values : [series.values[only] ?? []];
	// Stacked bars are drawn tallest first, so each shorter stack paints over the one below.
	const ys = stackedBars(input) ? stack(cols).reverse() : cols;
	const ghost = input.ghost && input.only === null ? [input.ghost.values] : [];
	return [series.x, ...ys, ...ghost] as uPlot.AlignedData;
}

/** Tick steps by slot: hours of a day (5-char labels), days (10), months (7). */
const INCRS: Record<number, number[]> = { 5: [1, 2, 3, 6, 12], 10: [1, 2, 7, 14], 7: [1, 2, 3, 6] };

/** The value a port's legend entry shows: under the cursor, else its resting text. */
function legendValue(input: ChartInput, col: number, i: number | null): string {
	const { values } = input.series;
	if (i !== null) {
		const own = values[col]?.[i] ?? null;
		return own === null ? '—' : input.format(own);
	}
	if (input.resting) return input.resting[col] ?? '—';
	// A live chart at rest reads its latest value.
	const row = values[col] ?? [];
	for (let j = row.length - 1; j >= 0; j--) if (row[j] != null) return input.format(row[j]!);
	return '—';
}

export function chartOptions(
	input: ChartInput,
	width: number,
	bars: uPlot.Series.PathBuilder | undefined
): uPlot.Options {
	const css = getComputedStyle(document.documentElement);
	const text = css.getPropertyValue('--text').trim() || '#111';
	const grid = css.getPropertyValue('--border').trim() || '#ddd';
	const muted = css.getPropertyValue('--muted').trim() || '#666';
	const { series } = input;
	const cols = input.only === null ? series.ports.map((_, i) => i) : [input.only];
	const named = cols.map((col) => ({ name: series.ports[col]!.name, color: portColour(col), col }));
	const ordered = stackedBars(input) ? [...named].reverse() : named;
	const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
	const isBars = input.kind === 'bars';
	const ghost = input.ghost && input.only === null ? input.ghost : null;
	return {
		width,
		height: 280,
		// A finger drags to read values, not to zoom: zooming fights with scrolling the page.
		cursor: { drag: { x: false, y: false }, points: { size: 8 } },
		legend: { live: true },
		scales: {
			...(isBars ? { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } } : {}),
			// Bars and power both start at zero: a bar's height is the amount.
			y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] }
		},
		axes: [
			isBars
				? {
						...axis,
						values: (_u, ticks) => ticks.map((t) => shortLabel(series.labels[t] ?? '')),
						incrs: INCRS[series.labels[0]?.length ?? 0] ?? [1, 2, 5]
					}
				: {
						...axis,
						// uPlot's own tick labels are English ("12am"): the clock in the language shown.
						values: (_u, ticks) => ticks.map((t) => formatTime(t * 1000, input.timeZone))
					},
			{
				...axis,
				label: input.axisLabel,
				size: 56,
				values: (_u, ticks) => ticks.map((t) => formatNumber(t, t % 1 === 0 ? 0 : 1))
			}
		],
		series: [
			{
				label: isBars ? m.ch_when() : m.ch_time(),
				value: isBars
					? (_u, v) => (v === null ? m.ch_total() : shortLabel(series.labels[v] ?? ''))
					: (_u, v) => (v === null ? '—' : formatDayTime(v * 1000, input.timeZone))
			},
			...ordered.map((p) => ({
				label: p.name,
				stroke: p.color,
				fill: isBars ? p.color : undefined,
				width: isBars ? 0 : 2,
				paths: isBars ? bars : undefined,
				points: { show: false },
				spanGaps: false,
				// The legend reads each port's own value, not the top of its stack.
				value: (_u: uPlot, _v: number | null, _s: number, i: number | null) =>
					legendValue(input, p.col, i)
			})),
			...(ghost
				? [
						{
							label: ghost.label,
							stroke: muted,
							width: 2,
							dash: [6, 4],
							points: { show: true, size: 4 },
							spanGaps: false,
							value: (_u: uPlot, v: number | null, _s: number, i: number | null) => {
								if (i === null) {
									const total = ghost.values.reduce<number>((a, x) => a + (x ?? 0), 0);
									return input.format(total);
								}
								return v === null ? '—' : input.format(v);
							}
						}
					]
				: [])
		]
	};
}

/** '2026-03-07' → '7'; '2026-03' → 'Mar'; '13:00' → '13' (Bangla digits and months in Bangla). */
export function shortLabel(key: string): string {
	const n = (x: number) => x.toLocaleString(lang.intl);
	if (key.length === 10) return n(Number(key.slice(8)));
	if (key.length === 7) {
		return new Intl.DateTimeFormat(lang.intl, { month: 'short', timeZone: 'UTC' }).format(
			new Date(`${key}-01T00:00:00Z`)
		);
	}
	if (key.length === 5)
		return key.endsWith(':00')
			? n(Number(key.slice(0, 2)))
			: key.replace(/\d/g, (d) => n(Number(d)));
	return key;
}
