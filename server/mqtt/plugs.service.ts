import type { Clock } from '../clock';
import { DeviceInputError } from '../devices/devices.service';
import type { DeviceRecord } from '../devices/devices.repository';
import type { PlugFamilyId, PlugSighting } from '../plugs/plug-family';
import type { OwnedPlug, PlugsRepository, SightingRow } from './plugs.repository';

export interface PlugsDeps {
	repo: PlugsRepository;
	clock: Clock;
	/** The composition root's device creation (caps, caches, live rooms). */
	addDevice: (ownerId: number, name: string, ports: number) => DeviceRecord;
	removeDevice: (id: number, ownerId: number) => boolean;
	maxPerAccount: number;
	/** A plug became a device: the bridge asks it for its state. */
	added?: (plug: OwnedPlug) => void;
}

/** A sighting is offered this long after the plug was last heard. */
const OFFERED_MS = 24 * 3_600_000;
/** A plug's sighting is written again at most this often (it is seen with every message). */
const SIGHTING_WRITE_MS = 60_000;
/** Sightings kept: a publisher inventing plug names cannot grow the table past this. */
export const MAX_SIGHTINGS = 500;
/**
 * Sightings written a minute, all plugs together: a publisher inventing plug names costs
 * the database no more than this (the rest are dropped and counted).
 */
const SIGHTING_WRITES_PER_MINUTE = 120;

const FAMILY_NAMES: Record<PlugFamilyId, string> = {
	tasmota: 'Tasmota',
	'shelly-gen2': 'Shelly',
	'shelly-gen1': 'Shelly',
	esphome: 'ESPHome'
};

/**
 * Which plug is whose device, and the plugs seen on the broker that nobody owns. A plug's
 * messages reach a device only through `lookup`, which finds the plug's one owner in
 * memory: no message costs a database read, whatever topics a publisher invents.
 */
export function createPlugsService(d: PlugsDeps) {
	let owned = new Map<string, OwnedPlug>();
	const written = new Map<string, { at: number; ports: string }>();
	let writes = 0;
	let budget = { minute: -1, left: SIGHTING_WRITES_PER_MINUTE };
	const id = (family: string, key: string) => `${family}\u0000${key}`;

	return {
		lookup: (family: PlugFamilyId, key: string): OwnedPlug | null =>
			owned.get(id(family, key)) ?? null,
		/** Reads every owned plug again (at start, and often: another process may add one). */
		refresh(): OwnedPlug[] {
			const all = d.repo.allOwned();
			owned = new Map(all.map((p) => [id(p.family, p.key), p]));
			return all;
		},
		ofDevice: (deviceId: number) => d.repo.ofDevice(deviceId),

		/**
		 * Records a plug seen on the broker; cheap when nothing about it changed. False when
		 * it was dropped for the write budget.
		 */
		sighted(s: PlugSighting): boolean {
			const k = id(s.family, s.key);
			const now = d.clock.now();
			const ports = [...new Set(s.ports)]
				.filter((p) => Number.isInteger(p) && p >= 1 && p <= 8)
				.sort((a, b) => a - b);
			const portsText = ports.join(',');
			const last = written.get(k);
			if (last && now - last.at < SIGHTING_WRITE_MS && last.ports === portsText) return true;
			const minute = Math.floor(now / 60_000);
			if (budget.minute !== minute) budget = { minute, left: SIGHTING_WRITES_PER_MINUTE };
			if (budget.left <= 0) return false;
			budget.left--;
			if (written.size >= 10_000) written.clear();
			written.set(k, { at: now, ports: portsText });
			const row: SightingRow = {
				family: s.family,
				key: s.key.slice(0, 200),
				ports: ports.length ? ports : [1],
				model: s.model?.slice(0, 60) ?? null,
				name: s.name?.slice(0, 60) ?? null,
				lastSeenAt: now
			};
			d.repo.saveSighting(row);
			if (++writes % 50 === 0) d.repo.capSightings(MAX_SIGHTINGS);
			return true;
		},

		/** The plugs nobody has added, heard in the last day: the same list for every account. */
		found(): SightingRow[] {
			return d.repo.unowned(d.clock.now() - OFFERED_MS, 100);
		},

		/** An account adds a plug it saw on the broker: it becomes that account's device. */
		add(ownerId: number, family: string, key: string): DeviceRecord {
			const s = d.repo.sighting(family as PlugFamilyId, key);
			if (!s)
				throw new DeviceInputError('plug', 'This plug is not on the broker.', 'not_found', 404);
			if (d.repo.owned(s.family, s.key)) {
				throw new DeviceInputError('plug', 'This plug was already added.', 'taken', 409);
			}
			if (d.repo.countOwned(ownerId) >= d.maxPerAccount) {
				throw new DeviceInputError(
					'plug',
					`An account has at most ${d.maxPerAccount} plugs; remove one first, or ask the server's operator to raise MQTT_PLUGS_PER_ACCOUNT.`,
					'limit_reached',
					409,
					d.maxPerAccount
				);
			}
			const name = (s.name ?? `${FAMILY_NAMES[s.family] ?? s.family} ${s.key}`).slice(0, 60);
			const device = d.addDevice(ownerId, name, Math.max(...s.ports, 1));
			// Two accounts adding the same plug at once: the first insert wins.
			if (!d.repo.insert(s.family, s.key, device.id, d.clock.now())) {
				d.removeDevice(device.id, ownerId);
				throw new DeviceInputError('plug', 'This plug was already added.', 'taken', 409);
			}
			const plug: OwnedPlug = {
				family: s.family,
				key: s.key,
				deviceId: device.id,
				ownerId,
				portCount: device.portCount
			};
			owned.set(id(s.family, s.key), plug);
			d.added?.(plug);
			return device;
		},

		/** A device went (removed, or with its account): its plug is nobody's again. */
		forgetDevice(deviceId: number): OwnedPlug | null {
			for (const [k, v] of owned) {
				if (v.deviceId === deviceId) {
					owned.delete(k);
					return v;
				}
			}
			return null;
		}
	};
}

export type PlugsService = ReturnType<typeof createPlugsService>;
