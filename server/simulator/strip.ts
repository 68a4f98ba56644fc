import type { FrameInput } from '../ingest/frame.schema';
import { localHour } from '../time/calendar-keys';
import { STANDBY_BELOW_W, defaultStrip, type LoadModel } from './loads';
import { seededRandom } from './random';

export interface StripOptions {
	loads?: LoadModel[];
	seed?: number;
	timeZone?: string;
	/** Mains voltage around which readings wander. */
	nominalV?: number;
}

/**
 * An emulated strip: four PZEM-style meters with cumulative Wh counters, integer like the
 * real module's, producing frames of the device API (docs/device-api.md).
 */
export class SimulatedStrip {
	private readonly loads: LoadModel[];
	private readonly rand: () => number;
	private readonly tz: string;
	private readonly nominalV: number;
	private readonly energyWh: number[];
	private lastTs: number | null = null;
	private lastPower: number[];
	private seq = 0;
	/** Relay states; a switch-on waits its turn (staggered) until `due`. */
	readonly relays: boolean[];
	private switches: { port: number; on: boolean; due: number }[] = [];
	private lastOnDue = -Infinity;

	constructor(o: StripOptions = {}) {
		this.loads = o.loads ?? defaultStrip;
		this.rand = seededRandom(o.seed ?? 1);
		this.tz = o.timeZone ?? 'Asia/Dhaka';
		this.nominalV = o.nominalV ?? 230;
		this.energyWh = this.loads.map(() => this.rand() * 40_000);
		this.lastPower = this.loads.map(() => 0);
		this.relays = this.loads.map(() => true);
	}

	/**
	 * A relay command, applied like the firmware's relay controller: off at once, on
	 * staggered a second apart so that loads do not start together (inrush).
	 */
	request(port: number, on: boolean, now: number): void {
		if (port < 1 || port > this.relays.length) return;
		this.switches = this.switches.filter((s) => s.port !== port);
		if (!on) {
			this.relays[port - 1] = false;
			return;
		}
		const due = Math.max(now, this.lastOnDue + STAGGER_MS);
		this.lastOnDue = due;
		this.switches.push({ port, on, due });
	}

	private applyDue(ts: number): void {
		const due = this.switches.filter((s) => s.due <= ts);
		this.switches = this.switches.filter((s) => s.due > ts);
		for (const s of due) this.relays[s.port - 1] = s.on;
	}

	frame(ts: number): FrameInput {
		const hour = localHour(ts, this.tz);
		const voltage = round(this.nominalV + (this.rand() - 0.5) * 6, 1);
		this.applyDue(ts);
		// A relay that is off draws nothing: the meter behind it reads zero.
		const powers = this.loads.map((l, i) => (this.relays[i] ? l.power(ts, hour, this.rand) : 0));
		if (this.lastTs !== null && ts > this.lastTs) {
			const hours = (ts - this.lastTs) / 3_600_000;
			powers.forEach((p, i) => (this.energyWh[i]! += ((p + this.lastPower[i]!) / 2) * hours));
		}
		this.lastTs = ts;
		this.lastPower = powers;
		return {
			ts,
			seq: this.seq++,
			ports: this.loads.map((l, i) => {
				const power = round(powers[i]!, 1);
				// Nothing drawn, no power factor; a standby trickle has its own, never 0.00.
				const pf = power === 0 ? 0 : power < STANDBY_BELOW_W ? l.standbyPf : l.pf;
				return {
					port: i + 1,
					voltage,
					current: pf === 0 ? 0 : round(power / (voltage * pf), 3),
					power,
					pf,
					energy_wh: Math.floor(this.energyWh[i]!),
					relay: this.relays[i]!
				};
			})
		};
	}
}

const STAGGER_MS = 1000;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
