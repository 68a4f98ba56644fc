import type { WireCommand } from '../relays/relay.types';

export interface CommandReports {
	acks?: string[];
	refused?: string[];
	/** The upload carrying them succeeded: forget them. */
	sent: () => void;
}

/** Ids the firmware remembers: many times more than arrive within a command's lifetime. */
const RECENT = 16;

/**
 * The firmware's command processor (firmware/core/command_processor.cpp) in Node: a
 * command is applied once and never at or after its expiry by the device's own clock;
 * applied ids go to `acks`, refused ones to `refused`, both sent on the next upload.
 */
export class CommandProcessor {
	acks: string[] = [];
	refused: string[] = [];
	private recent: string[] = [];

	handle(
		commands: readonly WireCommand[],
		nowMs: number,
		apply: (port: number, on: boolean) => void
	): void {
		for (const c of commands) {
			// A meter command: the simulated strip has no meter bus, and like firmware from
			// before actions (which requires "on") it ignores it; the server lets it expire.
			if (!('on' in c)) continue;
			if (this.recent.includes(c.id)) {
				// Delivered twice (answer and long-poll): an unsent ack is the answer.
				if (!this.acks.includes(c.id) && !this.refused.includes(c.id)) this.refused.push(c.id);
				continue;
			}
			if (!(c.expires > nowMs)) {
				if (!this.refused.includes(c.id)) this.refused.push(c.id);
				continue;
			}
			apply(c.port, c.on);
			this.recent = [...this.recent, c.id].slice(-RECENT);
			this.acks.push(c.id);
		}
	}

	/** The reports for the next upload, and a way to drop them once it succeeded. */
	reports(): CommandReports {
		const acks = [...this.acks];
		const refused = [...this.refused];
		return {
			...(acks.length ? { acks } : {}),
			...(refused.length ? { refused } : {}),
			sent: () => {
				this.acks = this.acks.filter((id) => !acks.includes(id));
				this.refused = this.refused.filter((id) => !refused.includes(id));
			}
		};
	}
}
