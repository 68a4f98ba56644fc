/**
 * Bills, tariffs, alerts, suggestions, history and export, wired once here so
 * the composition root (app.ts) adds a single line: everything in this module reads
 * stored energy and the household's settings, and reacts to readings after their commit.
 */
import type { AlertMessage } from './alerts/alert-message';
import type { ReadConnections } from './db/connection';
import type { EventBus } from './events/bus';
import type { Leadership } from './cluster/leadership';
import { createAlertPricing } from './alerts/alert-pricing';
import { createAlertsEngine } from './alerts/alerts.engine';
import { createAlertsRepository } from './alerts/alerts.repository';
import { createAlertsService } from './alerts/alerts.service';
import { createThresholds } from './alerts/thresholds.repository';
import { createThresholdsService } from './alerts/thresholds.service';
import { localDayKey } from './time/calendar-keys';
import { bareRate, type PortPrice } from './billing/port-price';
import { createPricing } from './billing/pricing';
import type { Clock } from './clock';
import type { Db } from './db/connection';
import { createDevicesRepository } from './devices/devices.repository';
import type { DevicesService } from './devices/devices.service';
import { createExportService } from './export/export.service';
import { createRetention } from './jobs/retention';
import { startScheduler } from './jobs/scheduler';
import type { SettingsService } from './settings/settings.service';
import { cacheSuggestions } from './suggestions/suggestions-cache';
import { createHeavyReads } from './reads/heavy-reads';
import { createSlabForecasts } from './alerts/slab-forecasts';
import { bucketStart } from './energy/units';
import { createReadSide } from './reads/read-side';
import type { ReadsThread } from './reads/reads-thread';

export interface InsightsDeps {
	db: Db;
	reads: ReadConnections;
	settings: SettingsService;
	devices: DevicesService;
	clock: Clock;
	/** the instance's zone, for the nightly job's hour */
	timezone: string;
	events: EventBus;
	/** The once-per-cluster jobs (alert ticks, nightly housekeeping) run on the leader only. */
	leadership: Leadership;
	/** The reads worker for large households' heavy figures; null: all worked out here. */
	readsThread: ReadsThread | null;
}

/** Households above this many ports have their heavy figures worked out in the reads worker (as their span index is built in slices). */
const LARGE_ABOVE_PORTS = 8;

export function createInsights(deps: InsightsDeps) {
	const { db, settings, clock, events } = deps;
	const { usage, tariffs, meter, prepaid, bills, householdReady } = createPricing(
		db,
		clock,
		settings
	);
	// Month prices kept per household, for every screen, export and alert (billing/port-price).
	const read = createReadSide(db, clock, settings, { usage, bills, tariffs }, events);
	const { monthPrices, history, dailyCosts } = read;
	const thresholds = createThresholds(db);
	const devicesRepo = createDevicesRepository(db);
	const alerts = createAlertsService(createAlertsRepository(db), clock, {
		ownerOf: (id) => devicesRepo.ownerOf(id),
		opened: (userId, alert) => events.emit('alertOpened', { userId, alert }),
		changed: (userId) => events.emit('alertsChanged', { userId }),
		transition: (t) => events.emit('alertTransition', t)
	});
	events.on('alertTransition', (t, { remote }) => remote && alerts.transitionedElsewhere(t));
	// A process back on the cluster's channel may have missed transitions.
	events.on('settingsChanged', (e, { remote }) => remote && e.key === '*' && alerts.reload());
	// The household's month so far, for the slab the next kWh falls in: a bill per household
	// at most once a minute, and only when an alert opens.
	const monthKwhCache = new Map<number, { until: number; kwh: number }>();
	const prices = createAlertPricing({
		ownerOf: (id) => devicesRepo.ownerOf(id),
		timeZone: (userId) => settings.forUser(userId).timezone,
		tariffs: (userId) => tariffs.versions(userId),
		monthKwh: (userId) => {
			let c = monthKwhCache.get(userId);
			if (!c || c.until <= clock.now()) {
				const f = bills.ofMonth(userId);
				c = { until: clock.now() + 60_000, kwh: f?.householdKwh ?? f?.strips.kwh ?? 0 };
				monthKwhCache.set(userId, c);
			}
			return c.kwh;
		},
		portBuckets: (id, port, start, end) =>
			usage
				.portBuckets(id, port, start, end)
				.map((b) => ({ start: b.start, energyMj: b.energy_mj }))
	});
	const engine = createAlertsEngine({
		prices,
		alerts,
		thresholds,
		clock,
		timeZone: (id) => settings.forDevice(id).timezone,
		maxGapMs: (id) => settings.forDevice(id).max_gap_s * 1000,
		defaultIntervalMs: (id) => (settings.forDevice(id).offline_after_s * 1000) / 3,
		devices: () => deps.devices.listAll(),
		ports: () => devicesRepo.ownedPorts(),
		portBuckets: (id, port, start, end) =>
			usage.portBuckets(id, port, start, end).map((b) => ({
				start: b.start,
				energyMj: b.energy_mj,
				peakW: b.peak_w,
				samples: b.samples
			})),
		costsToday: (userId) => {
			const today = localDayKey(clock.now(), settings.forUser(userId).timezone);
			return dailyCosts(userId, today, today);
		},
		slabAhead: (userId) => {
			const deviceId = usage.householdStrip(userId);
			if (deviceId === null) return null;
			const made = forecasts.get(userId);
			if (!made) return null;
			const { key, forecast } = made;
			if (!forecast) return { deviceId, tag: null, message: null };
			const s = settings.forUser(userId);
			const message: AlertMessage = {
				k: 'slab',
				forecast,
				currency: tariffs.versions(userId)[0]?.currency ?? s.currency,
				timezone: s.timezone
			};
			return { deviceId, tag: `${key}:${forecast.boundKwh}`, message };
		},
		balanceLow: (userId) => {
			const deviceId = usage.householdStrip(userId);
			if (deviceId === null) return null;
			const view = prepaid.view(userId);
			const s = settings.forUser(userId);
			if (!view || view.daysLeft === null || view.daysLeft >= s.low_balance_days) {
				return { deviceId, tag: null, message: null };
			}
			// Once per level for each recharge: under the warning days, and again under one day.
			const level = view.daysLeft < 1 ? '1d' : `${s.low_balance_days}d`;
			const message: AlertMessage = {
				k: 'balance',
				balance: view.balance,
				runOut: view.runOut,
				currency: tariffs.versions(userId)[0]?.currency ?? s.currency,
				timezone: s.timezone
			};
			return { deviceId, tag: `${level}:${view.recharges[0]?.id ?? 0}`, message };
		}
	});
	const retention = createRetention(db);
	const heavy = createHeavyReads({
		...read,
		thread: deps.readsThread,
		large: (userId) => usage.ports(userId).length > LARGE_ABOVE_PORTS,
		bills,
		monthKey: (userId) => bills.period(userId).key,
		now: () => deps.clock.now()
	});
	monthPrices.refreshIn(heavy.pricesElsewhere, heavy.inWorker);
	const forecasts = createSlabForecasts({
		here: (userId) => bills.slabForecast(userId),
		elsewhere: (userId) => (heavy.inWorker(userId) ? heavy.slabForecast(userId) : null),
		slot: () => bucketStart(clock.now()),
		answered: (userId) => engine.lookAtHousehold(userId)
	});

	// Tariffs and meters change on any process of a cluster: every one drops its copies.
	const pricesChanged = (userId: number) => deps.events.emit('pricesChanged', { userId });
	tariffs.onChange(pricesChanged);
	meter.onChange(pricesChanged);
	deps.events.on('pricesChanged', (e) => {
		monthKwhCache.delete(e.userId);
		forecasts.drop(e.userId);
		engine.tariffsChanged();
	});
	// After the copies above are dropped: a new reading or recharge can move the forecasts,
	// so look again at once, not at the quarter hour.
	meter.onChange(() => engine.tickHousehold());
	prepaid.onChange(() => engine.tickHousehold());
	/**
	 * Each port's price this billing month, for the dashboard's live cost figures: the same
	 * kept prices as history and the bill's daily costs (the live flush asks several times a
	 * second; monthCost() carries energy since).
	 */
	function portPrices(userId: number | null): (deviceId: number, port: number) => PortPrice {
		if (userId === null) {
			const flat = bareRate(settings.defaults().electricity_rate);
			return () => flat;
		}
		const prices = monthPrices.portPrices(userId, bills.period(userId).key);
		return (deviceId, port) => prices.get(`${deviceId}:${port}`) ?? prices.get('*') ?? bareRate(0);
	}
	events.on('readingsStored', (e) => engine.onReadings(e.deviceId, e.readings, e.at));
	let scheduler: { stop(): void } | null = null;

	return {
		tariffs,
		meter,
		prepaid,
		bills,
		/** Resolves once the household's span index is built, in slices if it was not. */
		householdReady,
		alerts,
		thresholds: createThresholdsService(thresholds, usage),
		alertsEngine: engine,
		exports: createExportService({
			reads: deps.reads,
			usage,
			summaryChunk: heavy.summaryChunk,
			settings
		}),
		history,
		suggestions: cacheSuggestions({ forUser: heavy.suggestions }, clock, deps.events),
		/** Large households' bill views and month prices, worked out off the main thread. */
		heavy,
		retention,
		portPrices,
		/** The nightly housekeeping: raw readings past retention, alerts past 90 days. */
		async nightly(): Promise<void> {
			const days = settings.instance().retention_days;
			await retention.run(clock.now() - days * 86_400_000);
			alerts.purge();
		},
		deviceRemoved(deviceId: number): void {
			engine.forgetDevice(deviceId);
			alerts.forgetDevice(deviceId);
		},
		/** The household's cached month so far goes with its account. */
		accountDeleted(userId: number): void {
			monthKwhCache.delete(userId);
		},
		start(): void {
			const leader = deps.leadership.isLeader;
			scheduler ??= startScheduler({
				everyMinute: () => leader() && engine.tick(),
				nightly: async () => (leader() ? this.nightly() : undefined),
				timezone: deps.timezone
			});
		},
		stop(): void {
			scheduler?.stop();
			scheduler = null;
		}
	};
}

export type Insights = ReturnType<typeof createInsights>;
