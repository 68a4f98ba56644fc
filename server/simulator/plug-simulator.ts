import { localParts } from '../billing/local-time';
import type { PlugFamilyId } from '../plugs/plug-family';
import { localHour } from '../time/calendar-keys';
import { STANDBY_BELOW_W, type LoadModel } from './loads';
import type { Channel, PlugWire } from './plug-wire';
import { esphomeWire } from './plug-wire-esphome';
import { shellyGen1Wire, shellyGen2Wire } from './plug-wire-shelly';
import { tasmotaWire } from './plug-wire-tasmota';
import { seededRandom } from './random';

export interface PlugSimulatorOptions {
	family: PlugFamilyId;
	/** Tasmota's topic, a Shelly's prefix or id, an ESPHome node's prefix. */
	key: string;
	/** One load per channel: port n draws loads[n-1]. */
	loads: LoadModel[];
	publish: (topic: string, payload: string) => void;
	now: () => number;
	seed?: number;
	timeZone?: string;
	nominalV?: number;
}

/** Tasmota saves its energy to flash hourly (SaveData 3600): a power cut loses the rest. */
const TASMOTA_SAVE_MS = 3_600_000;

/**
 * A metering plug on an MQTT broker, for tests and the demo: it publishes what the real
 * family publishes (plug-wire.ts), keeps the energy each channel really drew (the ground
 * truth), answers switch and poll commands, and can reset its counters or lose mains on
 * demand. Time comes only from `now()` and randomness from `seed`, so a run is repeatable.
 *
 * Power is sampled at each report and held until the next: the truth is exactly the sum of
 * power × time the counters see, so a test can tell rounding from lost or double energy.
 */
export class PlugSimulator {
	private readonly wire: PlugWire;
	private readonly rand: () => number;
	private readonly tz: string;
	private readonly nominalV: number;
	private readonly channels: Channel[];
	private readonly drawnWh: number[];
	private lastTs: number;
	private mains = true;
	private lastSave: number;
	private saved: { counterWh: number[]; todayWh: number[] };
	private day: string;
	totalStartTime: string;

	constructor(private readonly o: PlugSimulatorOptions) {
		this.rand = seededRandom(o.seed ?? 1);
		this.tz = o.timeZone ?? 'Asia/Dhaka';
		this.nominalV = o.nominalV ?? 230;
		const now = o.now();
		this.lastTs = now;
		this.lastSave = now;
		this.day = this.localDay(now);
		this.totalStartTime = this.localIso(now - 40 * 86_400_000);
		this.channels = o.loads.map((load) => ({
			load,
			relay: true,
			power: 0,
			voltage: this.nominalV,
			counterWh: Math.floor(this.rand() * 5000),
			todayWh: 0
		}));
		this.drawnWh = this.channels.map(() => 0);
		this.saved = this.snapshot();
		this.wire = wireFor(o.family, o.key);
	}

	/** Topic filters of the commands it answers: subscribe them and pass messages to receive(). */
	get commandFilters(): string[] {
		return this.wire.commandFilters;
	}

	get online(): boolean {
		return this.mains;
	}

	/** What a plug publishes when it connects: discovery, availability, relay states. */
	start(): void {
		if (!this.mains) return;
		this.sample();
		for (const [topic, payload] of this.wire.announce(this.view())) this.o.publish(topic, payload);
	}

	/** Starts and reports every `ms` on real timers, for the demo; returns how to stop. */
	runEvery(ms: number): () => void {
		this.start();
		const timer = setInterval(() => this.report(), ms);
		timer.unref?.();
		return () => clearInterval(timer);
	}

	/** One report of every channel, at now(). */
	report(): void {
		if (!this.mains) return;
		this.advance();
		this.sample();
		for (const [topic, payload] of this.wire.report(this.view())) this.o.publish(topic, payload);
	}

	/**
	 * The user resets the counters: Shelly and ESPHome start again from 0; Tasmota's
	 * `EnergyTotal 0` makes Total today's energy and moves TotalStartTime to midnight.
	 */
	resetCounters(): void {
		this.advance();
		for (const c of this.channels) c.counterWh = this.o.family === 'tasmota' ? c.todayWh : 0;
		if (this.o.family === 'tasmota') this.totalStartTime = `${this.day}T00:00:00`;
	}

	/** Mains lost now: nothing is drawn or published until restored. */
	powerLoss(): void {
		this.advance();
		this.mains = false;
		for (const c of this.channels) c.power = 0;
	}

	/** Mains back: Shelly and ESPHome counters restart at 0; Tasmota's roll back to the last save. */
	powerRestored(): void {
		if (this.mains) return;
		this.lastTs = this.o.now();
		this.mains = true;
		this.channels.forEach((c, i) => {
			if (this.o.family === 'tasmota') {
				c.counterWh = this.saved.counterWh[i]!;
				c.todayWh = this.saved.todayWh[i]!;
			} else {
				c.counterWh = 0;
			}
		});
		this.start();
	}

	/** A message published to the plug; true when it was one of its commands and was answered. */
	receive(topic: string, payload: string): boolean {
		if (!this.mains) return false;
		const command = this.wire.parse(topic, payload);
		if (!command) return false;
		this.advance();
		if (command.kind === 'switch') {
			const c = this.channels[command.port - 1];
			if (!c) return false;
			const was = c.relay;
			c.relay = command.on ?? !c.relay;
			this.sample();
			for (const [t, p] of this.wire.switched(
				this.view(),
				command.port,
				was,
				command.replyTo,
				command.id
			))
				this.o.publish(t, p);
		} else {
			for (const [t, p] of this.wire.poll(this.view(), command.what, command.replyTo, command.id))
				this.o.publish(t, p);
		}
		return true;
	}

	/** Wh port drew since the simulator started: the ground truth. */
	truthWh(port: number): number {
		this.advance();
		return this.drawnWh[port - 1] ?? 0;
	}

	relay(port: number): boolean {
		return this.channels[port - 1]?.relay ?? false;
	}

	/** Energy up to now at the powers held since the last sample. */
	private advance(): void {
		const now = this.o.now();
		if (now <= this.lastTs) return;
		const hours = (now - this.lastTs) / 3_600_000;
		if (this.mains) {
			this.channels.forEach((c, i) => {
				const wh = c.power * hours;
				this.drawnWh[i]! += wh;
				c.counterWh += wh;
				c.todayWh += wh;
			});
		}
		this.lastTs = now;
		const day = this.localDay(now);
		if (day !== this.day) {
			this.day = day;
			for (const c of this.channels) c.todayWh = 0;
		}
		if (now - this.lastSave >= TASMOTA_SAVE_MS) {
			this.lastSave = now;
			this.saved = this.snapshot();
		}
	}

	private sample(): void {
		const now = this.o.now();
		const hour = localHour(now, this.tz);
		const voltage = Math.round((this.nominalV + (this.rand() - 0.5) * 6) * 10) / 10;
		for (const c of this.channels) {
			c.voltage = voltage;
			const p = this.mains && c.relay ? c.load.power(now, hour, this.rand) : 0;
			c.power = Math.round(p * 10) / 10;
		}
	}

	private view() {
		return {
			now: this.o.now(),
			localTime: this.localIso(this.o.now()),
			totalStartTime: this.totalStartTime,
			channels: this.channels.map((c) => ({
				...c,
				pf: c.power === 0 ? 0 : c.power < STANDBY_BELOW_W ? c.load.standbyPf : c.load.pf
			}))
		};
	}

	private snapshot() {
		return {
			counterWh: this.channels.map((c) => c.counterWh),
			todayWh: this.channels.map((c) => c.todayWh)
		};
	}

	private localDay(ms: number): string {
		return this.localIso(ms).slice(0, 10);
	}

	/** Local wall time without offset, as Tasmota prints its Time by default. */
	private localIso(ms: number): string {
		const p = localParts(ms, this.tz);
		const two = (n: number) => String(n).padStart(2, '0');
		const s = Math.floor(ms / 1000) % 60;
		return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(s)}`;
	}
}

function wireFor(family: PlugFamilyId, key: string): PlugWire {
	switch (family) {
		case 'tasmota':
			return tasmotaWire(key);
		case 'shelly-gen2':
			return shellyGen2Wire(key);
		case 'shelly-gen1':
			return shellyGen1Wire(key);
		case 'esphome':
			return esphomeWire(key);
	}
}
