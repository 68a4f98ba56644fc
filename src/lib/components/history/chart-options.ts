/**
 * uPlot options for the history charts, read from the page's CSS variables so the axes
 * and grid follow light and dark mode. Types only from uPlot here: the library itself is
 * imported dynamically by the chart component, so the dashboard never loads it.
 */
import type uPlot from 'uplot';
import type { Series } from '$server/history/history.service';

export const PALETTE = [
	'#0ea5e9',
	'#f59e0b',
	'#10b981',
	'#ef4444',
	'#8b5cf6',
	'#ec4899',
	'#14b8a6',
	'#eab308'
];

export interface ChartInput {
	series: Series;
	/** bars (energy) stack every port; lines (power) draw each port */
	kind: 'lines' | 'bars';
	stacked: boolean;
	/** index into series.ports, or null for all */
	only: number | null;
}

/** Cumulative sums for a stacked bar chart: each series is the top of its stack. */
export function stack(values: (number | null)[][]): number[][] {
	const out: number[][] = [];
	values.forEach((col, i) => out.push(col.map((v, j) => (v ?? 0) + (i > 0 ? out[i - 1]![j]! : 0))));
	return out;
}

export function chartData(input: ChartInput): uPlot.AlignedData {
	const { series, stacked, only } = input;
	const cols = only === null ? series.values : [series.values[only] ?? []];
	const ys = input.kind === 'bars' && stacked && only === null ? stack(cols) : cols;
	// Stacked bars are drawn tallest first, so each shorter stack paints over the one below.
	const ordered = input.kind === 'bars' && stacked && only === null ? [...ys].reverse() : ys;
	return [series.x, ...ordered] as uPlot.AlignedData;
}

export function chartOptions(
	input: ChartInput,
	width: number,
	bars: uPlot.Series.PathBuilder | undefined
): uPlot.Options {
	const css = getComputedStyle(document.documentElement);
	const text = css.getPropertyValue('--text').trim() || '#111';
	const grid = css.getPropertyValue('--border').trim() || '#ddd';
	const { series } = input;
	const ports = input.only === null ? series.ports : [series.ports[input.only]!];
	const stackedBars = input.kind === 'bars' && input.stacked && input.only === null;
	const named = ports.map((p, i) => ({
		name: p.name,
		color: PALETTE[(input.only ?? i) % PALETTE.length]!,
		col: input.only ?? i
	}));
	const ordered = stackedBars ? [...named].reverse() : named;
	const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
	const unit = series.unit;
	return {
		width,
		height: 280,
		// A finger drags to read values, not to zoom: zooming fights with scrolling the page.
		cursor: { drag: { x: false, y: false }, points: { size: 8 } },
		legend: { live: true },
		scales:
			input.kind === 'bars'
				? { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } }
				: {},
		axes: [
			input.kind === 'bars'
				? {
						...axis,
						label: unit === 'kWh' && series.labels[0]?.length === 7 ? 'Month' : 'Day',
						values: (_u, ticks) => ticks.map((t) => shortLabel(series.labels[t] ?? '')),
						incrs: [1, 2, 5, 7, 10]
					}
				: { ...axis, label: 'Time' },
			{ ...axis, label: unit === 'W' ? 'Power (W)' : 'Energy (kWh)', size: 60 }
		],
		series: [
			{
				label: input.kind === 'bars' ? 'Day' : 'Time',
				value:
					input.kind === 'bars'
						? (_u, v) => (v === null ? '' : (series.labels[v] ?? ''))
						: undefined
			},
			...ordered.map((p) => ({
				label: p.name,
				stroke: p.color,
				fill: input.kind === 'bars' ? p.color : undefined,
				width: input.kind === 'bars' ? 0 : 2,
				paths: input.kind === 'bars' ? bars : undefined,
				points: { show: false },
				spanGaps: false,
				// The legend reads each port's own value, not the top of its stack.
				value: (_u: uPlot, _v: number | null, _s: number, i: number | null) => {
					const own = i === null ? null : (series.values[p.col]?.[i] ?? null);
					return own === null ? '—' : `${own.toFixed(unit === 'W' ? 0 : 2)} ${unit}`;
				}
			}))
		]
	};
}

/** '2026-03-07' → '7'; '2026-03' → 'Mar'. */
function shortLabel(key: string): string {
	if (key.length === 10) return String(Number(key.slice(8)));
	if (key.length === 7) {
		return new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' }).format(
			new Date(`${key}-01T00:00:00Z`)
		);
	}
	return key;
}
