import type { Clock } from '../clock';
import type { DeviceRecord } from '../devices/devices.repository';
import type { FrameInput } from '../ingest/frame.schema';
import type { IngestService } from '../ingest/ingest.service';
import type { Decoded, PlugFamily } from '../plugs/plug-family';
import type { MessageLimits } from './message-limits';
import type { OwnedPlug } from './plugs.repository';
import type { PlugsService } from './plugs.service';
import type { RateLimitedLog } from './rate-limited-log';
import { topicMatches } from './topic-match';

/** What became of one MQTT message (the label of the bridge's message counter). */
export type MessageOutcome =
	| 'stored'
	| 'state'
	| 'sighting'
	| 'ignored'
	| 'unowned'
	| 'unknown'
	| 'malformed'
	| 'rejected'
	| 'too_large'
	| 'rate_limited'
	| 'failed';

export interface PlugBridgeDeps {
	families: readonly PlugFamily[];
	plugs: PlugsService;
	ingest: Pick<IngestService, 'ingestFrames'>;
	deviceById: (id: number) => DeviceRecord | null;
	/** A plug reported a relay's state: it may settle the switch on its way. */
	relayState: (deviceId: number, port: number, on: boolean) => void;
	topicLimits: MessageLimits;
	plugLimits: MessageLimits;
	maxPayloadBytes: number;
	clock: Clock;
	count: (outcome: MessageOutcome) => void;
	log: RateLimitedLog;
}

/** A frame's `relay`, in any of the forms the device API accepts. */
function relayOn(v: unknown): boolean | null {
	if (v === true || v === 'ON' || v === 'on') return true;
	if (v === false || v === 'OFF' || v === 'off') return false;
	return null;
}

/**
 * One ingest per plug at a time; what arrives meanwhile waits and goes in the next batch
 * (nothing within the plug's rate is lost to a burst). Past this many waiting frames, a
 * plug's messages are dropped.
 */
const MAX_WAITING_PER_PLUG = 240;

/**
 * Plug messages from the broker into the app. Each message is checked for size and rate
 * before it is parsed, decoded by the families whose filters match it, and then: readings
 * go to the owner's device through the device API's own validation and ingest; relay
 * states settle switches; plugs nobody owns only leave a sighting. Nothing here throws at
 * the MQTT client: every failure is counted and logged.
 */
export function createPlugBridge(d: PlugBridgeDeps) {
	/** Frames of plugs whose ingest is running, by device: the next batch. */
	const waiting = new Map<number, FrameInput[]>();
	const devices = new Map<number, DeviceRecord>();

	function device(plug: OwnedPlug): DeviceRecord | null {
		let rec = devices.get(plug.deviceId);
		if (!rec) {
			rec = d.deviceById(plug.deviceId) ?? undefined;
			if (!rec || rec.ownerId !== plug.ownerId) return null;
			if (devices.size >= 10_000) devices.clear();
			devices.set(plug.deviceId, rec);
		}
		return rec;
	}

	function store(plug: OwnedPlug, frame: FrameInput): void {
		const rec = device(plug);
		if (!rec) return d.count('unowned');
		if (!d.plugLimits.allow(`${plug.family}/${plug.key}`, d.clock.now())) {
			return d.count('rate_limited');
		}
		const queue = waiting.get(rec.id);
		if (queue) {
			if (queue.length >= MAX_WAITING_PER_PLUG) return d.count('rate_limited');
			queue.push(frame);
		} else {
			waiting.set(rec.id, []);
			ingest(plug, rec, [frame]);
		}
		for (const p of frame.ports ?? []) {
			const on = relayOn(p.relay);
			if (on !== null) d.relayState(rec.id, p.port, on);
		}
	}

	function ingest(plug: OwnedPlug, rec: DeviceRecord, frames: FrameInput[]): void {
		d.ingest
			.ingestFrames(rec, frames)
			.then((out) => {
				if (out.ok) {
					const refused = out.value.rejected.length;
					for (let i = 0; i < frames.length - refused; i++) d.count('stored');
					for (let i = 0; i < refused; i++) d.count('rejected');
				} else {
					for (const _ of frames) d.count('rejected');
					d.log('reading refused', `${plug.family} ${plug.key}: ${out.field} ${out.message}`);
				}
			})
			.catch((err: unknown) => {
				for (const _ of frames) d.count('failed');
				d.log('ingest failed', err instanceof Error ? err.message : String(err));
			})
			.finally(() => {
				const next = waiting.get(rec.id);
				if (next?.length) {
					waiting.set(rec.id, []);
					ingest(plug, rec, next);
				} else waiting.delete(rec.id);
			});
	}

	function apply(family: PlugFamily, item: Decoded): void {
		switch (item.kind) {
			case 'sighting':
				return d.count(d.plugs.sighted(item.sighting) ? 'sighting' : 'rate_limited');
			case 'frame': {
				const plug = d.plugs.lookup(family.id, item.key);
				if (!plug) return d.count('unowned');
				return store(plug, item.frame);
			}
			case 'state': {
				const plug = d.plugs.lookup(family.id, item.key);
				if (!plug) return d.count('unowned');
				if (!Number.isInteger(item.port) || item.port < 1 || item.port > plug.portCount) {
					return d.count('malformed');
				}
				d.relayState(plug.deviceId, item.port, item.on);
				return d.count('state');
			}
			case 'ignored':
				return d.count('ignored');
			case 'malformed':
				d.log('malformed message', `${family.id} ${item.key ?? '?'}: ${item.reason}`);
				return d.count('malformed');
		}
	}

	return {
		/** Every topic filter of every family, for the subscription. */
		filters: (): string[] => [...new Set(d.families.flatMap((f) => f.filters))],

		handle(topic: string, payload: Uint8Array): void {
			if (payload.length > d.maxPayloadBytes) {
				d.log('payload too large', `${payload.length} bytes on ${topic.slice(0, 120)}`);
				return d.count('too_large');
			}
			const now = d.clock.now();
			if (!d.topicLimits.allow(topic, now)) return d.count('rate_limited');
			let understood = false;
			for (const family of d.families) {
				if (!family.filters.some((f) => topicMatches(f, topic))) continue;
				let items: Decoded[];
				try {
					items = family.decode(topic, payload, now);
				} catch (err) {
					d.log('decoder failed', `${family.id} on ${topic.slice(0, 120)}: ${String(err)}`);
					d.count('malformed');
					understood = true;
					continue;
				}
				for (const item of items) {
					understood = true;
					try {
						apply(family, item);
					} catch (err) {
						d.count('failed');
						d.log('message failed', err instanceof Error ? err.message : String(err));
					}
				}
			}
			if (!understood) {
				d.log('unknown message', topic.slice(0, 120));
				d.count('unknown');
			}
		},

		forgetDevice(deviceId: number): void {
			devices.delete(deviceId);
			waiting.delete(deviceId);
		}
	};
}

export type PlugBridge = ReturnType<typeof createPlugBridge>;
