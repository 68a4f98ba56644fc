import type { FrameInput } from '../ingest/frame.schema';
import type { WireCommand } from '../relays/relay.types';
import type { CommandReports } from './command-processor';
import { backoffMs, FrameBuffer } from './frame-buffer';

export interface UploaderOptions {
	url: string;
	token: string;
	batchSize: number;
	capacity: number;
	log?: (line: string) => void;
	/** Acks and refusals go on the first frame of a batch, as the firmware sends them. */
	reports?: () => CommandReports;
	/** Commands in an answer. */
	onCommands?: (commands: WireCommand[], serverTime: number) => void;
}

export interface UploadStats {
	sent: number;
	accepted: number;
	duplicates: number;
	rejected: number;
	failures: number;
}

/**
 * The firmware's upload loop in Node: frames go into a bounded buffer; flushing posts the
 * oldest in batches, forgets them only after a 2xx (or a 4xx that will never succeed),
 * and backs off with jitter on anything else.
 */
export class Uploader {
	readonly buffer: FrameBuffer;
	readonly stats: UploadStats = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, failures: 0 };
	private attempt = 0;
	private notBefore = 0;
	online = true;

	constructor(private readonly o: UploaderOptions) {
		this.buffer = new FrameBuffer(o.capacity);
	}

	enqueue(frame: FrameInput): void {
		this.buffer.push(frame);
	}

	/** Posts until the buffer is empty or a request fails. */
	async flush(now = Date.now()): Promise<void> {
		if (!this.online || now < this.notBefore) return;
		while (this.buffer.size > 0) {
			const batch = this.buffer.peek(this.o.batchSize);
			const reports = this.o.reports?.();
			const { sent: reported, ...extras } = reports ?? { sent: () => {} };
			const frames = Object.keys(extras).length
				? [{ ...batch[0]!, ...extras }, ...batch.slice(1)]
				: batch;
			let res: Response;
			try {
				res = await fetch(new URL('/api/v1/readings', this.o.url), {
					method: 'POST',
					headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/json' },
					body: JSON.stringify(frames)
				});
			} catch (err) {
				return this.fail(now, `network: ${(err as Error).message}`);
			}
			const body = (await res.json().catch(() => ({}))) as {
				accepted?: number;
				commands?: WireCommand[];
				server_time?: number;
				duplicates?: unknown[];
				rejected?: unknown[];
				error?: { message?: string };
			};
			if (res.ok || res.status === 400 || res.status === 415) {
				this.buffer.commit(batch.length);
				reported();
				if (body.commands?.length) this.o.onCommands?.(body.commands, body.server_time ?? now);
				this.stats.sent += batch.length;
				this.stats.accepted += body.accepted ?? 0;
				this.stats.duplicates += body.duplicates?.length ?? 0;
				this.stats.rejected += body.rejected?.length ?? (res.ok ? 0 : batch.length);
				if (!res.ok) this.o.log?.(`server refused a batch: ${body.error?.message ?? res.status}`);
				this.attempt = 0;
				continue;
			}
			return this.fail(now, `HTTP ${res.status} ${body.error?.message ?? ''}`);
		}
	}

	private fail(now: number, why: string): void {
		this.stats.failures++;
		const wait = backoffMs(this.attempt++);
		this.notBefore = now + wait;
		this.o.log?.(`upload failed (${why}); ${this.buffer.size} frames kept, retry in ${wait} ms`);
	}
}
