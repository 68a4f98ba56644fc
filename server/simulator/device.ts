import type { WireCommand } from '../relays/relay.types';
import { CommandProcessor } from './command-processor';
import { LongPoller } from './long-poller';
import { SimulatedStrip, type StripOptions } from './strip';
import { Uploader } from './uploader';

export interface DeviceOptions extends StripOptions {
	url: string;
	token: string;
	batchSize?: number;
	capacity?: number;
	/** Long-poll for commands between uploads (the firmware's default). */
	longPoll?: boolean;
	waitS?: number;
	/** The device's clock runs this far ahead of the server's (tests of expiry). */
	clockSkewMs?: number;
	log?: (line: string) => void;
}

/**
 * A whole simulated strip as the firmware assembles one: meters, relays, the upload loop
 * with its buffer, the command processor and the long-poll. `reboot()` loses what the
 * firmware keeps in RAM (applied ids, unsent acks) and keeps the relay states (its
 * default restore policy, "last state").
 */
export class SimulatedDevice {
	readonly strip: SimulatedStrip;
	readonly uploader: Uploader;
	private processor = new CommandProcessor();
	private poller: LongPoller | null = null;

	constructor(private readonly o: DeviceOptions) {
		this.strip = new SimulatedStrip(o);
		this.uploader = new Uploader({
			url: o.url,
			token: o.token,
			batchSize: o.batchSize ?? 500,
			capacity: o.capacity ?? 20_000,
			log: o.log,
			reports: () => this.processor.reports(),
			onCommands: (cs) => this.apply(cs)
		});
		if (o.longPoll) this.startPolling();
	}

	now(): number {
		return Date.now() + (this.o.clockSkewMs ?? 0);
	}

	/** One measurement: a frame into the buffer, then an upload attempt. */
	async tick(): Promise<void> {
		this.uploader.enqueue(this.strip.frame(this.now()));
		await this.uploader.flush(this.now());
	}

	/** A simulated network outage stops uploads and long-polls alike. */
	set online(on: boolean) {
		if (on === this.uploader.online) return;
		this.uploader.online = on;
		if (!on) this.stop();
		else if (this.o.longPoll) this.startPolling();
	}

	get online(): boolean {
		return this.uploader.online;
	}

	get relays(): readonly boolean[] {
		return this.strip.relays;
	}

	reboot(): void {
		this.poller?.stop();
		this.processor = new CommandProcessor();
		if (this.o.longPoll) this.startPolling();
	}

	stop(): void {
		this.poller?.stop();
		this.poller = null;
	}

	private apply(commands: WireCommand[]): void {
		const now = this.now();
		this.processor.handle(commands, now, (port, on) => this.strip.request(port, on, now));
		for (const c of commands)
			this.o.log?.(
				`command ${c.id}: port ${c.port} ${'on' in c ? (c.on ? 'on' : 'off') : `${c.action} (ignored)`}`
			);
	}

	private startPolling(): void {
		this.poller = new LongPoller({
			url: this.o.url,
			token: this.o.token,
			waitS: this.o.waitS,
			retryMs: 2000,
			onCommands: (cs) => this.apply(cs),
			log: this.o.log
		});
		this.poller.start();
	}
}
