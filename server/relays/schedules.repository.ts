import type { Db } from '../db/connection';

export interface Schedule {
	id: number;
	deviceId: number;
	port: number;
	on: boolean;
	minuteOfDay: number;
	/** Bit 0 = Sunday … bit 6 = Saturday. */
	weekdays: number;
}

export interface CountdownTimer {
	id: number;
	deviceId: number;
	port: number;
	on: boolean;
	at: number;
}

interface ScheduleRow {
	id: number;
	device_id: number;
	port: number;
	turn_on: number;
	minute_of_day: number;
	weekdays: number;
}

interface TimerRow {
	id: number;
	device_id: number;
	port: number;
	turn_on: number;
	at: number;
}

const toSchedule = (r: ScheduleRow): Schedule => ({
	id: r.id,
	deviceId: r.device_id,
	port: r.port,
	on: r.turn_on === 1,
	minuteOfDay: r.minute_of_day,
	weekdays: r.weekdays
});

const toTimer = (r: TimerRow): CountdownTimer => ({
	id: r.id,
	deviceId: r.device_id,
	port: r.port,
	on: r.turn_on === 1,
	at: r.at
});

/** SQL for schedules and countdown timers. Deletes name the device, so ids cannot cross. */
export function createSchedulesRepository(db: Db) {
	const allSchedules = db.prepare(`SELECT * FROM relay_schedules ORDER BY id`);
	const addSchedule = db
		.prepare(
			`INSERT INTO relay_schedules (device_id, port, turn_on, minute_of_day, weekdays, created_by, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
		)
		.pluck();
	const deleteSchedule = db.prepare(`DELETE FROM relay_schedules WHERE id = ? AND device_id = ?`);
	const allTimers = db.prepare(`SELECT * FROM relay_timers ORDER BY at`);
	const addTimer = db
		.prepare(
			`INSERT INTO relay_timers (device_id, port, turn_on, at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
		)
		.pluck();
	const deleteTimer = db.prepare(`DELETE FROM relay_timers WHERE id = ? AND device_id = ?`);

	return {
		schedules: (): Schedule[] => (allSchedules.all() as ScheduleRow[]).map(toSchedule),
		addSchedule(s: Omit<Schedule, 'id'>, userId: number | null, now: number): Schedule {
			const id = Number(
				addSchedule.get(s.deviceId, s.port, s.on ? 1 : 0, s.minuteOfDay, s.weekdays, userId, now)
			);
			return { id, ...s };
		},
		deleteSchedule: (id: number, deviceId: number): boolean =>
			deleteSchedule.run(id, deviceId).changes > 0,
		timers: (): CountdownTimer[] => (allTimers.all() as TimerRow[]).map(toTimer),
		addTimer(t: Omit<CountdownTimer, 'id'>, userId: number | null, now: number): CountdownTimer {
			const id = Number(addTimer.get(t.deviceId, t.port, t.on ? 1 : 0, t.at, userId, now));
			return { id, ...t };
		},
		deleteTimer: (id: number, deviceId: number): boolean =>
			deleteTimer.run(id, deviceId).changes > 0
	};
}

export type SchedulesRepository = ReturnType<typeof createSchedulesRepository>;
