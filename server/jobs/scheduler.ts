/**
 * Time-based jobs on croner: the alert rules every minute and the nightly housekeeping
 * (raw-reading retention, alert history). `protect` skips a run while the previous one of
 * the same job is still going, so a slow night never stacks up.
 */
import { Cron } from 'croner';

export interface ScheduledJobs {
	everyMinute: () => void;
	nightly: () => Promise<void>;
	/** zone for the nightly hour (the instance's TZ) */
	timezone: string;
}

export function startScheduler(jobs: ScheduledJobs): { stop(): void } {
	const report = (name: string) => (err: unknown) => console.error(`job ${name} failed`, err);
	const crons = [
		new Cron('0 * * * * *', { protect: true, catch: report('alerts') }, jobs.everyMinute),
		// 03:17: a quiet hour, off the round minute other cron jobs on the machine favour.
		new Cron(
			'0 17 3 * * *',
			{ protect: true, timezone: jobs.timezone, catch: report('nightly') },
			jobs.nightly
		)
	];
	return {
		stop: () => {
			for (const c of crons) c.stop();
		}
	};
}
