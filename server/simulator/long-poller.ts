import type { WireCommand } from '../relays/relay.types';

export interface LongPollerOptions {
	url: string;
	token: string;
	waitS?: number;
	/** Pause after a failed poll, like the firmware's long_poll_retry_ms. */
	retryMs?: number;
	onCommands: (commands: WireCommand[], serverTime: number) => void;
	log?: (line: string) => void;
}

/** `GET /api/v1/commands?wait=25` in a loop, as the firmware does between uploads. */
export class LongPoller {
	private running = false;
	private abort: AbortController | null = null;

	constructor(private readonly o: LongPollerOptions) {}

	start(): void {
		if (this.running) return;
		this.running = true;
		void this.loop();
	}

	stop(): void {
		this.running = false;
		this.abort?.abort();
	}

	private async loop(): Promise<void> {
		while (this.running) {
			this.abort = new AbortController();
			try {
				const res = await fetch(
					new URL(`/api/v1/commands?wait=${this.o.waitS ?? 25}`, this.o.url),
					{
						headers: { authorization: `Bearer ${this.o.token}` },
						signal: this.abort.signal
					}
				);
				const body = (await res.json()) as { commands?: WireCommand[]; server_time?: number };
				if (!res.ok) throw new Error(`HTTP ${res.status}`);
				if (body.commands?.length) this.o.onCommands(body.commands, body.server_time ?? Date.now());
			} catch (err) {
				if (!this.running) return;
				this.o.log?.(`long-poll failed (${(err as Error).message})`);
				await new Promise((r) => setTimeout(r, this.o.retryMs ?? 10_000));
			}
		}
	}
}
