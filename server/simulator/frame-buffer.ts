import type { FrameInput } from '../ingest/frame.schema';

/**
 * What the firmware does through an outage: keep frames in a bounded ring, drop the oldest
 * when full and report how many were dropped with the next upload.
 */
export class FrameBuffer {
	private frames: FrameInput[] = [];
	private droppedSinceUpload = 0;

	constructor(readonly capacity: number) {}

	push(frame: FrameInput): void {
		if (this.frames.length >= this.capacity) {
			this.frames.shift();
			this.droppedSinceUpload++;
		}
		this.frames.push(frame);
	}

	get size(): number {
		return this.frames.length;
	}

	/** The oldest frames, up to `max`, with the drop count stamped on the first. */
	peek(max: number): FrameInput[] {
		const batch = this.frames.slice(0, max);
		if (batch.length && this.droppedSinceUpload) {
			batch[0] = { ...batch[0]!, dropped: this.droppedSinceUpload };
		}
		return batch;
	}

	/** The server answered for the first `n` frames: forget them. */
	commit(n: number): void {
		this.frames.splice(0, n);
		this.droppedSinceUpload = 0;
	}
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(
	attempt: number,
	baseMs = 1000,
	capMs = 60_000,
	rand = Math.random
): number {
	return Math.round(rand() * Math.min(capMs, baseMs * 2 ** attempt));
}
