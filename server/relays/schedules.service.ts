import type { Clock } from '../clock';
import type { SwitchRequest } from './relays.service';
import { nextOccurrence } from './schedule-time';
import type { CountdownTimer, Schedule, SchedulesRepository } from './schedules.repository';

export interface SchedulesDeps {
	repo: SchedulesRepository;
	clock: Clock;
	timezoneOf: (deviceId: number) => string;
	switchPort: (req: SwitchRequest) => unknown;
	changed: (deviceId: number, port: number) => void;
	/**
	 * In a cluster every process keeps the plan, one fires it (the leader), and a change
	 * made on one process is told to the others, which read the plan again.
	 */
	fires?: () => boolean;
	edited?: () => void;
}

/**
 * A switch due longer ago than this is skipped, not made late: after the server was down
 * or asleep, turning a heater on an hour after its time would surprise more than help.
 */
export const LATE_LIMIT_MS = 5 * 60_000;

interface Planned {
	schedule: Schedule;
	tz: string;
	nextAt: number | null;
}

/**
 * Schedules and countdown timers, evaluated by the server on a tick with the clock passed
 * in (a fake clock in tests). Occurrences are computed in the household's time zone, so a
 * 07:00 switch stays at 07:00 on the wall clock across DST (see schedule-time.ts).
 */
export function createSchedulesService(d: SchedulesDeps) {
	const planned = new Map<number, Planned>();
	let timers: CountdownTimer[] = d.repo.timers();

	function plan(s: Schedule, after: number): Planned {
		const tz = d.timezoneOf(s.deviceId);
		return { schedule: s, tz, nextAt: nextOccurrence(s, after, tz) };
	}

	for (const s of d.repo.schedules()) planned.set(s.id, plan(s, d.clock.now()));

	return {
		/** Fires what is due; a job calls this every second. */
		tick(): void {
			const now = d.clock.now();
			const fires = d.fires?.() ?? true;
			for (const [id, found] of planned) {
				let p = found;
				// A changed household time zone moves the plan to the new wall clock.
				if (d.timezoneOf(p.schedule.deviceId) !== p.tz)
					planned.set(id, (p = plan(p.schedule, now)));
				if (p.nextAt === null || p.nextAt > now) continue;
				if (fires && now - p.nextAt <= LATE_LIMIT_MS) {
					const s = p.schedule;
					d.switchPort({ deviceId: s.deviceId, port: s.port, on: s.on, source: 'schedule' });
				}
				planned.set(id, plan(p.schedule, now));
				d.changed(p.schedule.deviceId, p.schedule.port);
			}
			const due = timers.filter((t) => t.at <= now);
			if (!due.length) return;
			timers = timers.filter((t) => t.at > now);
			for (const t of due) {
				if (!fires) continue;
				d.repo.deleteTimer(t.id, t.deviceId);
				if (now - t.at <= LATE_LIMIT_MS) {
					d.switchPort({ deviceId: t.deviceId, port: t.port, on: t.on, source: 'timer' });
				} else d.changed(t.deviceId, t.port);
			}
		},

		addSchedule(s: Omit<Schedule, 'id'>, userId: number | null): Schedule {
			const saved = d.repo.addSchedule(s, userId, d.clock.now());
			planned.set(saved.id, plan(saved, d.clock.now()));
			d.changed(s.deviceId, s.port);
			d.edited?.();
			return saved;
		},
		removeSchedule(id: number, deviceId: number): boolean {
			const p = planned.get(id);
			if (!p || p.schedule.deviceId !== deviceId || !d.repo.deleteSchedule(id, deviceId))
				return false;
			planned.delete(id);
			d.changed(deviceId, p.schedule.port);
			d.edited?.();
			return true;
		},
		/** "Off in 2 h": one switch at now + ms. */
		addTimer(deviceId: number, port: number, on: boolean, inMs: number, userId: number | null) {
			const now = d.clock.now();
			const t = d.repo.addTimer({ deviceId, port, on, at: now + inMs }, userId, now);
			timers.push(t);
			d.changed(deviceId, port);
			d.edited?.();
			return t;
		},
		removeTimer(id: number, deviceId: number): boolean {
			const t = timers.find((x) => x.id === id && x.deviceId === deviceId);
			if (!t || !d.repo.deleteTimer(id, deviceId)) return false;
			timers = timers.filter((x) => x !== t);
			d.changed(deviceId, t.port);
			d.edited?.();
			return true;
		},
		/** Another process changed schedules or timers: the plan is read again. */
		reload(): void {
			const now = d.clock.now();
			planned.clear();
			for (const s of d.repo.schedules()) planned.set(s.id, plan(s, now));
			timers = d.repo.timers();
		},
		/** A device went away: its schedules and timers went with it (ON DELETE CASCADE). */
		forgetDevice(deviceId: number): void {
			for (const [id, p] of planned) if (p.schedule.deviceId === deviceId) planned.delete(id);
			timers = timers.filter((t) => t.deviceId !== deviceId);
		},
		schedulesOf: (deviceId: number, port: number) =>
			[...planned.values()]
				.filter((p) => p.schedule.deviceId === deviceId && p.schedule.port === port)
				.map((p) => ({ ...p.schedule, nextAt: p.nextAt })),
		timersOf: (deviceId: number, port: number): CountdownTimer[] =>
			timers.filter((t) => t.deviceId === deviceId && t.port === port),
		/** The next planned switch of a port, whichever comes first. */
		next(
			deviceId: number,
			port: number
		): { on: boolean; at: number; kind: 'schedule' | 'timer' } | null {
			let best: { on: boolean; at: number; kind: 'schedule' | 'timer' } | null = null;
			for (const p of planned.values()) {
				const s = p.schedule;
				if (s.deviceId !== deviceId || s.port !== port || p.nextAt === null) continue;
				if (!best || p.nextAt < best.at) best = { on: s.on, at: p.nextAt, kind: 'schedule' };
			}
			for (const t of timers) {
				if (t.deviceId !== deviceId || t.port !== port) continue;
				if (!best || t.at < best.at) best = { on: t.on, at: t.at, kind: 'timer' };
			}
			return best;
		}
	};
}

export type SchedulesService = ReturnType<typeof createSchedulesService>;
