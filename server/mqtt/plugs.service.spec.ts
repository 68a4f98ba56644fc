import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createDevicesRepository } from '../devices/devices.repository';
import { createDevicesService } from '../devices/devices.service';
import type { PlugFamilyId } from '../plugs/plug-family';
import { createPlugsRepository } from './plugs.repository';
import { createPlugsService, MAX_SIGHTINGS } from './plugs.service';

const T0 = Date.parse('2026-12-07T06:00:00Z');
const TASMOTA = 'tasmota' as PlugFamilyId;
let db: Db;

function setup(maxPerAccount = 2) {
	db = openDatabase(':memory:');
	for (const id of [1, 2]) {
		db.prepare(
			`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, 'x', 0, 0)`
		).run(id, `u${id}@example.com`);
	}
	const clock = new FakeClock(T0);
	const devicesRepo = createDevicesRepository(db);
	const devices = createDevicesService(devicesRepo, clock);
	const added: number[] = [];
	const plugs = createPlugsService({
		repo: createPlugsRepository(db),
		clock,
		addDevice: (owner, name, ports) => devices.add(owner, name, ports).device,
		removeDevice: (id, owner) => devices.remove(id, owner),
		maxPerAccount,
		added: (p) => added.push(p.deviceId)
	});
	return { clock, plugs, devices, added };
}

afterEach(() => db?.close());

const seen = (key: string, ports = [1]) => ({ family: TASMOTA, key, ports, name: `Plug ${key}` });

describe('plugs', () => {
	it('makes a sighted plug its adder’s device, with a port per channel, and offers it to no one after', () => {
		const { plugs, devices, added } = setup();
		plugs.sighted(seen('kitchen', [2, 1]));
		expect(plugs.found().map((s) => s.key)).toEqual(['kitchen']);
		const device = plugs.add(1, 'tasmota', 'kitchen');
		expect(device).toMatchObject({ name: 'Plug kitchen', portCount: 2, ownerId: 1 });
		expect(added).toEqual([device.id]);
		expect(plugs.found()).toEqual([]);
		expect(plugs.lookup(TASMOTA, 'kitchen')).toMatchObject({ deviceId: device.id, ownerId: 1 });
		expect(() => plugs.add(2, 'tasmota', 'kitchen')).toThrow(/already added/);
		expect(devices.listOwned(2)).toEqual([]);
	});

	it('refuses a plug never seen, and more plugs than an account may have', () => {
		const { plugs } = setup(1);
		expect(() => plugs.add(1, 'tasmota', 'ghost')).toThrow(/not on the broker/);
		plugs.sighted(seen('a'));
		plugs.sighted(seen('b'));
		plugs.add(1, 'tasmota', 'a');
		expect(() => plugs.add(1, 'tasmota', 'b')).toThrow(/at most 1 plugs/);
		expect(plugs.add(2, 'tasmota', 'b').ownerId).toBe(2);
	});

	it('is nobody’s again when its device goes; another process’s plugs arrive on refresh', () => {
		const { plugs, devices } = setup();
		plugs.sighted(seen('desk'));
		const device = plugs.add(1, 'tasmota', 'desk');
		devices.remove(device.id, 1);
		expect(plugs.forgetDevice(device.id)?.key).toBe('desk');
		expect(plugs.lookup(TASMOTA, 'desk')).toBeNull();
		expect(plugs.found().map((s) => s.key)).toEqual(['desk']);
		// Added behind this process's back (another process of a cluster): found on refresh.
		const other = devices.add(2, 'Elsewhere', 1).device;
		createPlugsRepository(db).insert(TASMOTA, 'desk', other.id, T0);
		expect(plugs.lookup(TASMOTA, 'desk')).toBeNull();
		plugs.refresh();
		expect(plugs.lookup(TASMOTA, 'desk')?.ownerId).toBe(2);
	});

	it('writes sightings within a budget and keeps a bounded number', () => {
		const { plugs, clock } = setup();
		const kept = [];
		for (let i = 0; i < 200; i++) kept.push(plugs.sighted(seen(`invented-${i}`)));
		expect(kept.filter(Boolean)).toHaveLength(120);
		// The same plug again within the minute costs nothing and is not refused.
		expect(plugs.sighted(seen('invented-0'))).toBe(true);
		for (let minute = 1; minute <= 6; minute++) {
			clock.advance(60_000);
			for (let i = 0; i < 120; i++) plugs.sighted(seen(`m${minute}-${i}`));
		}
		const count = db.prepare(`SELECT count(*) FROM plug_sightings`).pluck().get() as number;
		expect(count).toBeLessThanOrEqual(MAX_SIGHTINGS + 50);
	});
});
