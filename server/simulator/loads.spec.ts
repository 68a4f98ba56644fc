import { describe, expect, it } from 'vitest';
import { localParts } from '../billing';
import { SimulatedStrip } from './strip';

const TZ = 'Asia/Dhaka';
// Midnight in Dhaka, 2026-03-02 (UTC+6), and a week of readings a minute apart.
const START = Date.parse('2026-03-01T18:00:00Z');
const DAYS = 7;

function week() {
	const strip = new SimulatedStrip({ seed: 11, timeZone: TZ });
	const rows: { day: number; minute: number; port: number; power: number; pf: number }[] = [];
	for (let ts = START; ts < START + DAYS * 86_400_000; ts += 60_000) {
		const p = localParts(ts, TZ);
		const day = Math.floor((ts - START) / 86_400_000);
		for (const r of strip.frame(ts).ports)
			rows.push({ day, minute: p.hour * 60 + p.minute, port: r.port, power: r.power, pf: r.pf! });
	}
	return rows;
}

describe('the demo household', () => {
	const rows = week();
	const on = (port: number) => rows.filter((r) => r.port === port && r.power > 20);

	it('never reports a power factor of 0 while drawing', () => {
		const drawing = rows.filter((r) => r.power > 0);
		expect(drawing.length).toBeGreaterThan(0);
		expect(drawing.filter((r) => !(r.pf > 0))).toEqual([]);
	});

	it('irons once or twice a morning, never at night', () => {
		const iron = on(4);
		expect(iron.every((r) => r.minute >= 7 * 60 && r.minute < 10 * 60)).toBe(true);
		for (let day = 0; day < DAYS; day++) {
			const minutes = iron.filter((r) => r.day === day).map((r) => r.minute);
			// Sessions: runs of ironing minutes more than half an hour apart.
			const sessions = minutes.filter((m, i) => i === 0 || m - minutes[i - 1]! > 30).length;
			expect(sessions).toBeGreaterThanOrEqual(1);
			expect(sessions).toBeLessThanOrEqual(2);
		}
	});

	it('keeps the fridge cycling every hour of the day', () => {
		const hours = new Set(on(1).map((r) => Math.floor(r.minute / 60)));
		expect(hours.size).toBe(24);
	});

	it('watches TV every evening and charges the phones at night', () => {
		for (let day = 0; day < DAYS; day++) {
			expect(on(2).some((r) => r.day === day && r.minute >= 19 * 60 && r.minute < 23 * 60)).toBe(
				true
			);
		}
		const charging = rows.filter((r) => r.port === 3 && r.power > 3);
		expect(charging.some((r) => r.minute >= 23 * 60)).toBe(true);
		expect(charging.every((r) => r.minute >= 23 * 60 || r.minute < 60 || r.minute >= 15 * 60)).toBe(
			true
		);
	});
});
