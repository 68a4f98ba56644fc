import { z } from 'zod';
import type { Clock } from '../clock';
import { isTimeZone } from '../config';
import type { Db } from '../db/connection';
import { createDevicesRepository } from '../devices/devices.repository';
import { createSettingsRepository } from './settings.repository';
import { isLocale, type Locale } from './locale';

/**
 * Household settings belong to a user (two accounts are two households); instance
 * settings belong to the server. Values are stored as JSON and validated on the way in
 * and out; defaults apply until a value is saved.
 */
const householdSchemas = {
	timezone: z.string().refine(isTimeZone, 'must be an IANA time zone'),
	currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
	/** Flat energy rate per kWh until a tariff is chosen. */
	electricity_rate: z.number().min(0).max(1000),
	/** A port with no reading for this long is shown offline. */
	offline_after_s: z.number().int().min(10).max(86_400),
	standby_w: z.number().min(0).max(100),
	max_gap_s: z.number().int().min(10).max(3600),
	locale: z.enum(['en', 'bn']),
	/** Local day of the month a billing month starts on (1..28, so every month has it). */
	billing_cycle_day: z.number().int().min(1).max(28),
	/** Prepaid meters: the rebate on energy, percent (reported 0.5 % for DESCO/DPDC). */
	prepaid_rebate_percent: z.number().min(0).max(20),
	/** Prepaid meters: warn when the balance is estimated to last fewer days than this. */
	low_balance_days: z.number().min(1).max(30),
	/** Publish this household's ports to Home Assistant over MQTT (and take its switches). */
	home_assistant: z.boolean()
} as const;

const instanceSchemas = {
	retention_days: z.number().int().min(1).max(3650),
	signup_open: z.boolean(),
	/** The demo account's password, printed at start while it is unchanged. */
	demo_password: z.string().optional(),
	// Generated at first use when VAPID_* are not set (server/push/vapid.ts).
	vapid_public_key: z.string().optional(),
	vapid_private_key: z.string().optional(),
	// The embedded MQTT broker's password when MQTT_EMBEDDED_PASSWORD is not set.
	mqtt_embedded_password: z.string().optional()
} as const;

export type SettingKey = keyof typeof householdSchemas;
/** The household settings a user may change (also through the offline outbox). */
export const SETTING_KEYS = Object.keys(householdSchemas) as [SettingKey, ...SettingKey[]];
export type Settings = { [K in SettingKey]: z.output<(typeof householdSchemas)[K]> };
export type InstanceKey = keyof typeof instanceSchemas;
export type InstanceSettings = { [K in InstanceKey]: z.output<(typeof instanceSchemas)[K]> };

function parseRows<S extends Record<string, z.ZodType>>(
	schemas: S,
	base: Record<string, unknown>,
	rows: { key: string; value: string }[]
): Record<string, unknown> {
	const out = { ...base };
	for (const row of rows) {
		const schema = schemas[row.key];
		if (!schema) continue;
		const parsed = schema.safeParse(JSON.parse(row.value));
		if (parsed.success) out[row.key] = parsed.data;
	}
	return Object.freeze(out);
}

export interface SettingsDefaults {
	household?: Partial<Settings>;
	instance?: Partial<InstanceSettings>;
}

export function createSettingsService(db: Db, clock: Clock, defaults: SettingsDefaults = {}) {
	const householdBase: Settings = {
		timezone: 'Asia/Dhaka',
		currency: 'BDT',
		electricity_rate: 8.0,
		offline_after_s: 60,
		standby_w: 5,
		max_gap_s: 300,
		locale: 'en',
		billing_cycle_day: 1,
		prepaid_rebate_percent: 0.5,
		low_balance_days: 3,
		home_assistant: false,
		...defaults.household
	};
	const instanceBase: InstanceSettings = {
		retention_days: 30,
		signup_open: true,
		demo_password: undefined,
		vapid_public_key: undefined,
		vapid_private_key: undefined,
		mqtt_embedded_password: undefined,
		...defaults.instance
	};
	const repo = createSettingsRepository(db);
	const devices = createDevicesRepository(db);

	const byUser = new Map<number, Settings>();
	/** The language an account chose, null until it chose one (then the device's counts). */
	const savedLocales = new Map<number, Locale | null>();
	const ownerByDevice = new Map<number, number | null>();
	let instance: InstanceSettings | null = load();
	const listeners: ((userId: number, key: SettingKey) => void)[] = [];
	const instanceListeners: ((key: InstanceKey) => void)[] = [];

	function load(): InstanceSettings {
		return parseRows(instanceSchemas, instanceBase, repo.instanceRows()) as InstanceSettings;
	}

	function forUser(userId: number | null): Settings {
		if (userId === null) return householdBase;
		let s = byUser.get(userId);
		if (!s) {
			s = parseRows(householdSchemas, householdBase, repo.userRows(userId)) as Settings;
			byUser.set(userId, s);
		}
		return s;
	}

	return {
		defaults: (): Settings => householdBase,
		forUser,
		savedLocale(userId: number): Locale | null {
			if (!savedLocales.has(userId)) {
				const row = repo.userRows(userId).find((r) => r.key === 'locale');
				const value: unknown = row ? JSON.parse(row.value) : null;
				savedLocales.set(userId, isLocale(value) ? value : null);
			}
			return savedLocales.get(userId)!;
		},
		/** The settings of the household that owns a device (defaults for an unowned one). */
		forDevice(deviceId: number): Settings {
			if (!ownerByDevice.has(deviceId)) {
				ownerByDevice.set(deviceId, devices.ownerOf(deviceId));
			}
			return forUser(ownerByDevice.get(deviceId)!);
		},
		setForUser<K extends SettingKey>(userId: number, key: K, value: unknown): Settings[K] {
			const parsed = householdSchemas[key].parse(value) as Settings[K];
			repo.upsertUser(userId, key, JSON.stringify(parsed), clock.now());
			byUser.delete(userId);
			savedLocales.delete(userId);
			for (const l of listeners) l(userId, key);
			return parsed;
		},
		/** Called after a household setting changed (e.g. to rebuild rollups on a new zone). */
		onChange(listener: (userId: number, key: SettingKey) => void): void {
			listeners.push(listener);
		},
		/** Device ownership changed or a device went: forget what was cached about it. */
		forgetDevice(deviceId?: number): void {
			if (deviceId === undefined) ownerByDevice.clear();
			else ownerByDevice.delete(deviceId);
		},
		forgetUser(userId: number): void {
			byUser.delete(userId);
			savedLocales.delete(userId);
		},
		/** Another process changed a setting: read it again (null: the instance's and everyone's). */
		reload(userId: number | null): void {
			if (userId !== null) {
				byUser.delete(userId);
				savedLocales.delete(userId);
				return;
			}
			// Read again on next use: the database may be coming back right now.
			instance = null;
			byUser.clear();
			savedLocales.clear();
			ownerByDevice.clear();
		},
		onInstanceChange(listener: (key: InstanceKey) => void): void {
			instanceListeners.push(listener);
		},
		instance: (): InstanceSettings => (instance ??= load()),
		setInstance<K extends InstanceKey>(key: K, value: unknown): InstanceSettings[K] {
			const parsed = instanceSchemas[key].parse(value) as InstanceSettings[K];
			repo.upsertInstance(key, JSON.stringify(parsed), clock.now());
			instance = load();
			for (const l of instanceListeners) l(key);
			return parsed;
		}
	};
}

export type SettingsService = ReturnType<typeof createSettingsService>;
