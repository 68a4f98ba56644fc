import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import type { SwitchRequest } from './relays.service';
import { createSchedulesRepository } from './schedules.repository';
import { createSchedulesService } from './schedules.service';

const EVERY_DAY = 127;
let db: Db;
afterEach(() => db?.close());

function setup(start: string, tz = 'Europe/Berlin') {
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (1, 'Strip', 4, 'h', 0)`
	).run();
	const clock = new FakeClock(Date.parse(start));
	const fired: (SwitchRequest & { at: string })[] = [];
	const service = createSchedulesService({
		repo: createSchedulesRepository(db),
		clock,
		timezoneOf: () => tz,
		switchPort: (req) => fired.push({ ...req, at: new Date(clock.now()).toISOString() }),
		changed: () => {}
	});
	/** Runs the one-second tick over a span of fake time. */
	const run = (ms: number, step = 1000) => {
		for (let t = 0; t < ms; t += step) {
			clock.advance(step);
			service.tick();
		}
	};
	return { clock, fired, service, run };
}

describe('schedules on a fake clock', () => {
	it('switches off at 23:00 and on at 07:00 local time, across midnight', () => {
		const { service, fired, run } = setup('2026-11-27T21:00:00Z'); // 22:00 in Berlin
		service.addSchedule(
			{ deviceId: 1, port: 2, on: false, minuteOfDay: 23 * 60, weekdays: EVERY_DAY },
			7
		);
		service.addSchedule(
			{ deviceId: 1, port: 2, on: true, minuteOfDay: 7 * 60, weekdays: EVERY_DAY },
			7
		);
		expect(service.next(1, 2)).toEqual({
			on: false,
			at: Date.parse('2026-11-27T22:00:00Z'),
			kind: 'schedule'
		});
		run(10 * 3_600_000, 15_000);
		expect(fired.map((f) => [f.at, f.on, f.source])).toEqual([
			['2026-11-27T22:00:00.000Z', false, 'schedule'],
			['2026-11-28T06:00:00.000Z', true, 'schedule']
		]);
		expect(service.next(1, 2)).toEqual({
			on: false,
			at: Date.parse('2026-11-28T22:00:00Z'),
			kind: 'schedule'
		});
	});

	it('keeps to the wall clock over the spring DST change in Europe/Berlin', () => {
		// Saturday 28 March 2026, 20:00 CET; clocks go forward on Sunday at 02:00.
		const { service, fired, run } = setup('2026-03-28T19:00:00Z');
		service.addSchedule(
			{ deviceId: 1, port: 1, on: true, minuteOfDay: 7 * 60, weekdays: EVERY_DAY },
			null
		);
		// 02:30 does not exist on Sunday: it happens at 03:30 CEST, once.
		service.addSchedule(
			{ deviceId: 1, port: 3, on: false, minuteOfDay: 150, weekdays: EVERY_DAY },
			null
		);
		run(36 * 3_600_000, 30_000);
		expect(fired.map((f) => [f.port, f.at])).toEqual([
			[3, '2026-03-29T01:30:00.000Z'], // 03:30 CEST
			[1, '2026-03-29T05:00:00.000Z'], // 07:00 CEST
			[3, '2026-03-30T00:30:00.000Z'], // 02:30 CEST on Monday
			[1, '2026-03-30T05:00:00.000Z'] // 07:00 CEST on Monday: 24 h after Sunday's
		]);
	});

	it('switches once, not twice, at a time the autumn change repeats', () => {
		const { service, fired, run } = setup('2026-10-24T20:00:00Z');
		service.addSchedule(
			{ deviceId: 1, port: 1, on: false, minuteOfDay: 150, weekdays: EVERY_DAY },
			null
		);
		run(12 * 3_600_000, 30_000);
		expect(fired.map((f) => f.at)).toEqual(['2026-10-25T00:30:00.000Z']); // the first 02:30
	});

	it('only on the chosen weekdays', () => {
		// Friday 27 November 2026, 12:00 UTC; weekdays Monday to Friday.
		const { service, fired, run } = setup('2026-11-27T12:00:00Z', 'Asia/Dhaka');
		service.addSchedule(
			{ deviceId: 1, port: 4, on: true, minuteOfDay: 8 * 60, weekdays: 0b0111110 },
			null
		);
		run(3 * 86_400_000, 60_000);
		// Saturday and Sunday skipped; Monday 08:00 in Dhaka is 02:00 UTC.
		expect(fired.map((f) => f.at)).toEqual(['2026-11-30T02:00:00.000Z']);
	});

	it('a countdown timer fires once after its time and then is gone', () => {
		const { service, fired, run } = setup('2026-11-27T12:00:00Z');
		service.addTimer(1, 2, false, 2 * 3_600_000, 7);
		expect(service.next(1, 2)).toMatchObject({
			on: false,
			kind: 'timer',
			at: Date.parse('2026-11-27T14:00:00Z')
		});
		run(2 * 3_600_000 - 1000);
		expect(fired).toEqual([]);
		run(2000);
		expect(fired.map((f) => [f.port, f.on, f.source, f.at])).toEqual([
			[2, false, 'timer', '2026-11-27T14:00:00.000Z']
		]);
		expect(service.next(1, 2)).toBeNull();
		expect(db.prepare(`SELECT count(*) FROM relay_timers`).pluck().get()).toBe(0);
	});

	it('does not switch late after the server was away longer than the late limit', () => {
		const { service, fired, clock } = setup('2026-11-27T12:00:00Z');
		service.addTimer(1, 2, true, 60_000, null);
		clock.advance(60 * 60_000);
		service.tick();
		expect(fired).toEqual([]);
		expect(service.next(1, 2)).toBeNull();
	});
});
