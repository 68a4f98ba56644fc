import type { Clock } from '../clock';
import type { DeviceRecord } from '../devices/devices.repository';
import type { IngestService } from '../ingest/ingest.service';
import type { WireCommand } from '../relays/relay.types';
import { CommandProcessor } from '../simulator/command-processor';
import { SimulatedStrip } from '../simulator/strip';

export interface DemoOptions {
	intervalMs: number;
	/** History generated when the demo strip is first created, so charts are not empty. */
	backfillMs: number;
	backfillStepMs: number;
	timeZone: string;
	/** Whether this process drives the strip now (one process of a cluster does). */
	active?: () => boolean;
}

/** The demo strip's side of relay commands, in-process instead of over HTTP. */
export interface DemoRelays {
	forAnswer(deviceId: number): WireCommand[];
	report(deviceId: number, acks: readonly string[], refused: readonly string[]): void;
}

/**
 * The demo: one simulated strip feeding the same ingest path as a real device, in-process,
 * so a newcomer sees live data the moment the server starts.
 */
const report = (err: unknown) => console.error('demo strip failed to store frames', err);

export function startDemoStrip(
	device: DeviceRecord,
	ingest: IngestService,
	clock: Clock,
	o: DemoOptions,
	backfill: boolean,
	relays?: DemoRelays
) {
	const strip = new SimulatedStrip({ seed: device.id * 7919, timeZone: o.timeZone });
	const now = clock.now();
	if (backfill) {
		const from = now - o.backfillMs;
		const frames = [];
		for (let ts = from; ts < now; ts += o.backfillStepMs) frames.push(strip.frame(ts));
		for (let i = 0; i < frames.length; i += 1000)
			ingest.ingestFrames(device, frames.slice(i, i + 1000));
	} else {
		// The counters continue from wherever the last run left them in the database.
		strip.frame(now - o.intervalMs);
	}
	const processor = new CommandProcessor();
	const timer = setInterval(() => {
		if (o.active && !o.active()) return;
		const now = clock.now();
		// Switched from the dashboard: applied and acknowledged as the firmware would.
		const commands = relays?.forAnswer(device.id) ?? [];
		processor.handle(commands, now, (port, on) => strip.request(port, on, now));
		const { sent, ...reports } = processor.reports();
		void ingest
			.ingestFrames(device, { ...strip.frame(now), ...reports })
			.then(() => {
				relays?.report(device.id, reports.acks ?? [], reports.refused ?? []);
				sent();
			})
			.catch(report);
	}, o.intervalMs);
	timer.unref();
	return { stop: () => clearInterval(timer) };
}

export function printDemo(demo: { created: boolean; email: string; password: string }): void {
	const what = demo.created ? 'created a demo account with a simulated strip' : 'demo account';
	console.log(
		`Demo: ${what}. Log in as ${demo.email} with password ${demo.password} (DEMO=0 turns it off).`
	);
}
