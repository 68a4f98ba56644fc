import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createAuthService } from './auth/auth.service';
import { SESSION_COOKIE, readCookie } from './auth/cookie';
import { createSessionsRepository } from './auth/sessions.repository';
import { createUsersRepository } from './auth/users.repository';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { isSqlite, openDatabase, readConnections, type Db } from './db/connection';
import { startCheckpointer } from './db/checkpointer';
import { createGroupCommit } from './db/group-commit';
import { createDashboardService } from './dashboard/dashboard.service';
import { createDevicesRepository } from './devices/devices.repository';
import { createDevicesService } from './devices/devices.service';
import { EnergyLedger } from './energy/ledger';
import { createDeviceApi } from './http/device-api';
import { createOpsApi } from './http/ops-api';
import { createRateLimits } from './http/rate-limits';
import { createLongPollSlots } from './http/long-poll-slots';
import { createAccountTurns } from './http/account-turns';
import { createLoginGuard } from './auth/login-guard';
import { createLoginAddressesRepository } from './auth/login-addresses.repository';
import { originAllowed } from './http/same-origin';
import { createIngestService } from './ingest/ingest.service';
import { createReadingsRepository } from './energy/readings.repository';
import { startDemoStrip } from './jobs/demo-strip';
import { createHealthRepository } from './devices/health.repository';
import { BD_LT_A_RESIDENTIAL_TARIFF } from './billing';
import { localDayKey } from './time/calendar-keys';
import { createMetrics } from './metrics/metrics';
import { createDatabaseSize } from './metrics/database-size.repository';
import { createRealtimeHub } from './realtime/realtime.hub';
import { createRelayControl } from './relays/relay-control';
import { createSettingsService } from './settings/settings.service';
import { createOutboxService } from './sync/outbox.service';
import { createSyncRepository } from './sync/sync.repository';
import { createSyncService } from './sync/sync.service';
import { createInsights } from './insights';
import { createPushService } from './push/push.service';
import { vapidKeys, vapidSubject, type VapidSources } from './push/vapid';
import { defaultStrip } from './simulator/loads';
import { createEventBus } from './events/bus';
import { guarded } from './db/background';
import { PgDatabase } from './db/postgres/pg-database';
import { startCluster, type Cluster } from './cluster/cluster';
import { soleProcess } from './cluster/leadership';
import { plugFamilies } from './mqtt/families';
import { createMqttBridge } from './mqtt/mqtt-bridge';
import { startReadsThread } from './reads/reads-thread';
import { createPlugsRepository } from './mqtt/plugs.repository';
import { createPlugsService } from './mqtt/plugs.service';

export interface AppOptions {
	clock?: Clock;
	/** Live update coalescing window. */
	flushMs?: number;
	demoIntervalMs?: number;
}

export const DEMO_EMAIL = 'demo@multiplug.local';

/**
 * The composition root: the one place where the database, repositories, services and
 * transports are wired together. SvelteKit routes reach the result through the app
 * context (server/context.ts), never by importing singletons.
 */
export function createApp(config: Config, options: AppOptions = {}) {
	const clock = options.clock ?? systemClock;
	const startedAt = clock.now();
	const db: Db = openDatabase(config.DATABASE_URL ?? config.DB_PATH, { sync: config.DB_SYNC });
	const events = createEventBus();
	// On PostgreSQL this process may be one of several: events cross, one of them schedules.
	const cluster: Cluster | null = config.DATABASE_URL
		? startCluster(config.DATABASE_URL, events)
		: null;
	const leadership = cluster?.leadership ?? soleProcess;
	const settings = createSettingsService(db, clock, { household: { timezone: config.TZ } });
	const devicesRepo = createDevicesRepository(db);
	const devices = createDevicesService(devicesRepo, clock, {
		maxPerOwner: config.MAX_DEVICES_PER_ACCOUNT
	});
	// Bills, tariffs, alerts, history, export; its scheduler stops with the jobs.
	// Not with a fake clock: the worker would read the time from the system.
	const readsThread =
		isSqlite(db) && config.DB_PATH !== ':memory:' && config.READS_WORKER && !options.clock
			? startReadsThread({ path: config.DB_PATH, timezone: config.TZ, events })
			: null;
	let checkpoints = 0;
	const checkpointer = isSqlite(db)
		? startCheckpointer(db, config.DB_PATH, {
				skip: () => readsThread?.checkpointing() ?? false,
				done: () => checkpoints++
			})
		: { stop: async () => {} };
	const insights = createInsights({
		db,
		reads: readConnections(db, config.DB_PATH),
		settings,
		devices,
		clock,
		timezone: config.TZ,
		events,
		leadership,
		readsThread
	});
	const dashboard = createDashboardService(db, settings, clock, insights.portPrices);
	const limits = createRateLimits(
		{
			devicePerMinute: config.DEVICE_RATE_LIMIT,
			signupsPerHour: config.SIGNUP_RATE_LIMIT,
			sessionPerMinute: config.SESSION_RATE_LIMIT
		},
		cluster?.pool
	);

	const users = createUsersRepository(db);
	const loginGuard = createLoginGuard(createLoginAddressesRepository(db), clock);
	const auth = createAuthService(users, createSessionsRepository(db), clock, {
		sessionsEnded: (ids) => events.emit('sessionsEnded', { sessionIds: ids }),
		accountDeleted: (userId, deviceIds) => events.emit('accountDeleted', { userId, deviceIds }),
		signupOpen: () => config.SIGNUP !== 'closed' && settings.instance().signup_open
	});
	const realtime = createRealtimeHub(dashboard, clock, {
		flushMs: options.flushMs ?? 250,
		authenticate: (req) => {
			const who = auth.validate(readCookie(req.headers.cookie, SESSION_COOKIE));
			return who && { userId: who.user.id, sessionId: who.session.id };
		},
		originAllowed: (origin, host) => originAllowed(origin, host, config.ORIGIN),
		devicesOf: (userId) => devices.listOwned(userId).map((d) => d.id),
		maxPerSession: config.SOCKETS_PER_SESSION,
		adapter: cluster?.socketAdapter
	});
	// Socket.IO's adapter already reaches the sockets held by the other processes.
	events.on('sessionsEnded', (e, { remote }) => remote || realtime.sessionsEnded(e.sessionIds));
	events.on('readingsStored', (e) =>
		realtime.changed(e.deviceId, new Set(e.readings.map((r) => r.port)))
	);
	events.on('alertOpened', (e) => realtime.toUser(e.userId, 'alerts:opened', e.alert));
	events.on('alertsChanged', (e) =>
		realtime.toUser(e.userId, 'alerts:changed', { at: clock.now() })
	);

	const ledger = new EnergyLedger(
		db,
		createReadingsRepository(db),
		(deviceId) => {
			const s = settings.forDevice(deviceId);
			return { maxGapMs: s.max_gap_s * 1000, standbyW: s.standby_w, maxPlausibleW: 16_000 };
		},
		(deviceId) => settings.forDevice(deviceId).timezone,
		cluster !== null
	);
	const relays = createRelayControl({
		db,
		clock,
		ttlMs: config.RELAY_COMMAND_TTL_S * 1000,
		staggerMs: 1000,
		timezoneOf: (deviceId) => settings.forDevice(deviceId).timezone,
		portCountOf: (deviceId) => devicesRepo.findById(deviceId)?.portCount ?? 0,
		publish: (deviceId, controls) =>
			realtime.toDevice(deviceId, 'relay:control', { deviceId, controls }),
		tripped: (trip) => realtime.toDevice(trip.deviceId, 'relay:overload', trip),
		cluster: cluster
			? {
					queued: (command) => events.emit('commandQueued', { command }),
					resolved: (command) => events.emit('commandResolved', { command }),
					schedulesEdited: () => events.emit('schedulesEdited', {}),
					fires: leadership.isLeader
				}
			: undefined,
		alerts: {
			raise: (deviceId, port, message) =>
				insights.alerts.raise('OVERLOAD', deviceId, port, message),
			clear: (deviceId, port) => insights.alerts.clear('OVERLOAD', deviceId, port)
		}
	});
	events.on('commandQueued', (e, { remote }) => remote && relays.queuedElsewhere(e.command));
	events.on('commandResolved', (e, { remote }) => remote && relays.resolvedElsewhere(e.command));
	events.on('schedulesEdited', (_, { remote }) => remote && relays.schedulesEditedElsewhere());
	events.on('readingsStored', (e) => relays.observe(e.deviceId, e.readings, e.at));
	const deviceHealth = createHealthRepository(db);
	const ingest = createIngestService({
		ledger,
		// A request holds its strip's lock until commit; two strips' locks in one transaction
		// could deadlock against another process taking them in the other order.
		commit: createGroupCommit(db, {
			maxJobs: cluster ? 1 : undefined,
			onAbort: () => ledger.forgetAll()
		}),
		clock,
		retentionMs: () => settings.instance().retention_days * 86_400_000,
		maxFutureMs: 5 * 60_000,
		addDropped: (device, frames) => devices.addDropped(device.id, frames),
		onStored: (device, stored, at) => {
			devices.seen(device.id, at);
			if (stored.length)
				events.emit('readingsStored', { deviceId: device.id, readings: stored, at });
		},
		onHealth: (device, ts, health) => deviceHealth.put(device.id, ts, health)
	});
	const turns = createAccountTurns({
		atOnce: config.ACCOUNT_REQUESTS_AT_ONCE,
		queued: config.ACCOUNT_REQUESTS_QUEUED
	});
	const metrics = createMetrics({
		waitingAccountRequests: () => turns.waiting(),
		runningAccountRequests: () => turns.running(),
		databaseBytes: createDatabaseSize(db, config.DB_PATH),
		connectedSockets: () => realtime.connectedClients(),
		waitingLongPolls: () => relays.waiting(),
		mqttConnected: () => (mqtt.connected() ? 1 : 0),
		readsWorkerAnswers: () => readsThread?.answered() ?? 0,
		walCheckpoints: () => ({ main: checkpoints, reads: readsThread?.checkpoints() ?? 0 })
	});
	const deviceApi = createDeviceApi({
		devices,
		ingest,
		metrics,
		clock,
		limits,
		commands: relays,
		longPolls: createLongPollSlots(config.LONG_POLLS_PER_ACCOUNT)
	});
	const opsApi = createOpsApi(db, metrics, startedAt, config.METRICS_TOKEN);
	const jobs: { stop(): void }[] = [];
	const every = (ms: number, fn: () => void, last?: () => void) => {
		const t = setInterval(guarded('A periodic job', fn), ms);
		t.unref();
		jobs.push({ stop: () => (clearInterval(t), last?.()) });
	};
	every(
		5000,
		() => devices.flushSeen(),
		() => devices.flushSeen()
	);
	every(3_600_000, () => auth.purgeExpired());
	// Expire unconfirmed relay commands, fire schedules and timers; waiting long-polls end.
	every(
		1000,
		() => relays.tick(),
		() => relays.close()
	);
	insights.start();
	jobs.push({ stop: () => insights.stop() });

	// Alerts that reach a closed app: queued when an alert opens, sent off the
	// ingestion path.
	const vapidSources: VapidSources = {
		env: {
			publicKey: config.VAPID_PUBLIC_KEY,
			privateKey: config.VAPID_PRIVATE_KEY,
			subject: config.VAPID_SUBJECT,
			origin: config.ORIGIN
		},
		stored: () => ({
			publicKey: settings.instance().vapid_public_key,
			privateKey: settings.instance().vapid_private_key
		}),
		store: (k) => {
			settings.setInstance('vapid_public_key', k.publicKey);
			settings.setInstance('vapid_private_key', k.privateKey);
		},
		ownerEmail: users.ownerEmail
	};
	const keys = vapidKeys(vapidSources);
	const push = createPushService({
		db,
		clock,
		vapid: () => ({ ...keys, subject: vapidSubject(vapidSources) }),
		timezoneOf: (userId) => settings.forUser(userId).timezone,
		// The language the account chose (Settings), the one it signed up in otherwise.
		localeOf: (userId) => settings.forUser(userId).locale,
		log: (msg) => config.LOG_LEVEL !== 'silent' && console.log(msg),
		serviceHosts: config.PUSH_SERVICE_HOSTS,
		delivers: leadership.isLeader,
		maxSubscriptions: config.PUSH_MAX_SUBSCRIPTIONS
	});
	events.on('alertOpened', (e) => push.alertOpened(e.userId, e.alert));
	push.start();
	jobs.push({ stop: () => push.stop() });

	// Offline-first app: the delta pull and the outbox of offline changes.
	const sync = createSyncService({
		repo: createSyncRepository(db),
		devices,
		settings,
		clock,
		prices: (userId) => dashboard.prices(userId),
		thresholds: (userId) => insights.thresholds.list(userId).map(({ name: _, ...t }) => t),
		tariffs: (userId) => ({
			versions: insights.tariffs.versions(userId),
			isDefault: insights.tariffs.isDefault(userId)
		})
	});
	const outbox = createOutboxService(db, clock, {
		acknowledgeAlert: (userId, alertId) => insights.alerts.acknowledge(userId, alertId),
		acknowledgeAll: (userId) => void insights.alerts.acknowledgeAll(userId),
		labelPort: (userId, deviceId, port, label) =>
			!!devices.owned(deviceId, userId) && devices.labelPort(deviceId, port, label),
		setSetting: (userId, key, value) => void settings.setForUser(userId, key, value),
		setThresholds: (userId, deviceId, port, values) =>
			insights.thresholds.update(userId, deviceId, port, values),
		saveTariff: (userId, tariff) => insights.tariffs.save(userId, tariff),
		removeTariff: (userId, validFrom) => void insights.tariffs.remove(userId, validFrom),
		prepaid: (userId, kind, input) => insights.prepaid[kind](userId, input),
		changed: (userId) => realtime.toUser(userId, 'sync:changed', { serverTime: clock.now() })
	});
	every(3_600_000, () => (sync.purge(), outbox.purge()));

	// Plugs of other makers and Home Assistant, through an MQTT broker (off without one).
	const plugs = createPlugsService({
		repo: createPlugsRepository(db),
		clock,
		addDevice: (ownerId, name, ports) => addDevice(ownerId, name, ports).device,
		removeDevice: (id, ownerId) => removeDevice(id, ownerId),
		maxPerAccount: config.MQTT_PLUGS_PER_ACCOUNT,
		added: (plug) => mqtt.plugAdded(plug)
	});
	function embeddedPassword(): string {
		const stored = config.MQTT_EMBEDDED_PASSWORD ?? settings.instance().mqtt_embedded_password;
		if (stored) return stored;
		const generated = randomBytes(18).toString('base64url');
		settings.setInstance('mqtt_embedded_password', generated);
		return generated;
	}
	const mqtt = createMqttBridge({
		config,
		families: plugFamilies(),
		plugs,
		ingest,
		devices,
		devicesRepo,
		relays,
		settings,
		dashboard,
		metrics,
		clock,
		embeddedPassword,
		log: (line) => config.LOG_LEVEL !== 'silent' && console.log(line)
	});
	events.on('readingsStored', (e) => mqtt.stored(e.deviceId));
	// One bridge for a cluster: the leader's, handed on when leadership moves.
	void mqtt.sync(leadership.isLeader());
	every(2000, () => void mqtt.sync(leadership.isLeader()));
	every(10_000, () => mqtt.refresh());
	every(config.MQTT_POLL_S * 1000, () => mqtt.tick());

	function addDevice(ownerId: number | null, name: string, ports = 4, isDemo = false) {
		const created = devices.add(ownerId, name, ports, isDemo);
		settings.forgetDevice(created.device.id);
		realtime.deviceAdded(created.device.id, ownerId);
		mqtt.deviceAdded(created.device.id);
		return created;
	}

	/**
	 * The one clean-up of a device that is gone, whether it was removed or went with its
	 * account: everything held in memory under its id, in every process of a cluster.
	 */
	function forgetDevice(id: number, ownerId: number, remote: boolean): void {
		ledger.forget(id);
		relays.forgetDevice(id);
		insights.deviceRemoved(id);
		settings.forgetDevice(id);
		devices.forgetSeen(id);
		void limits.forgetDevice(id);
		mqtt.deviceRemoved(id, plugs.forgetDevice(id));
		if (!remote) realtime.deviceRemoved(id, ownerId);
	}
	events.on('deviceRemoved', (e, { remote }) => forgetDevice(e.deviceId, e.ownerId, remote));
	events.on('accountDeleted', (e, { remote }) => {
		devices.invalidate();
		for (const id of e.deviceIds) forgetDevice(id, e.userId, remote);
		settings.forgetUser(e.userId);
		insights.accountDeleted(e.userId);
	});
	settings.onChange((userId, key) => events.emit('settingsChanged', { userId, key }));
	settings.onInstanceChange((key) => events.emit('settingsChanged', { userId: null, key }));
	events.on('settingsChanged', (e, { remote }) => remote && settings.reload(e.userId));
	events.on('settingsChanged', (e) => {
		if (e.userId !== null && (e.key === 'home_assistant' || e.key === 'currency')) {
			mqtt.accountChanged(e.userId);
		}
	});

	function removeDevice(id: number, ownerId: number): boolean {
		const ok = devices.remove(id, ownerId);
		if (ok) {
			events.emit('deviceRemoved', { deviceId: id, ownerId });
			// The owner's other phones drop it at their next pull.
			sync.deviceRemoved(ownerId, id);
		}
		return ok;
	}

	/**
	 * The demo household's bill comes from its meter, as a real one's does: LT-A on 2 kW
	 * single phase, a reading ten days ago and "about 220 units a month".
	 */
	function seedDemoHousehold(userId: number): void {
		insights.tariffs.save(userId, {
			...BD_LT_A_RESIDENTIAL_TARIFF,
			meterRent: 40,
			validFrom: BD_LT_A_RESIDENTIAL_TARIFF.validFrom
		});
		const tz = settings.forUser(userId).timezone;
		insights.meter.save(userId, {
			kind: 'postpaid',
			phase: 'single',
			sanctionedLoadKw: 2,
			monthlyKwh: 220,
			date: localDayKey(clock.now() - 10 * 86_400_000, tz),
			kwh: '8412.5'
		});
	}

	/** DEMO on: the demo account and its strip; created on an empty database only. */
	async function ensureDemo(retried = false): Promise<{
		created: boolean;
		email: string;
		password: string;
	} | null> {
		if (!config.DEMO) return null;
		let demo = devices.listAll().find((d) => d.isDemo);
		let created = false;
		if (!demo && devices.count() === 0 && auth.userCount() === 0) {
			const password = `demo-${randomBytes(6).toString('base64url')}`;
			// Processes of a cluster starting together may race here: the e-mail is unique,
			// so one creates the demo and the others find it.
			const user = await auth
				.createDemoUser(DEMO_EMAIL, password)
				.catch((err: unknown) => (retried ? Promise.reject(err) : null));
			if (!user) {
				await new Promise((r) => setTimeout(r, 1000));
				return ensureDemo(true);
			}
			settings.setInstance('demo_password', password);
			demo = addDevice(user.id, 'Demo strip (simulated)', 4, true).device;
			defaultStrip.forEach((load, i) => devices.labelPort(demo!.id, i + 1, load.name));
			seedDemoHousehold(user.id);
			created = true;
		}
		if (!demo) return null;
		jobs.push(
			startDemoStrip(
				demo,
				ingest,
				clock,
				{
					intervalMs: options.demoIntervalMs ?? 2000,
					backfillMs: 24 * 3_600_000,
					backfillStepMs: 60_000,
					timeZone: settings.forDevice(demo.id).timezone,
					// One simulated strip for a cluster: the leader's.
					active: leadership.isLeader
				},
				created,
				relays
			)
		);
		const password = settings.instance().demo_password;
		if (!password || !(await auth.passwordStillIs(DEMO_EMAIL, password))) return null;
		return { created, email: DEMO_EMAIL, password };
	}

	return {
		config,
		clock,
		db,
		settings,
		devices,
		dashboard,
		insights,
		ingest,
		deviceHealth,
		realtime,
		metrics,
		auth,
		limits,
		loginGuard,
		relays,
		sync,
		outbox,
		push,
		addDevice,
		removeDevice,
		plugs,
		mqtt,
		/** The embedded broker's sign-in, for the owner to give plugs and Home Assistant. */
		mqttEmbeddedLogin: () =>
			config.MQTT_EMBEDDED
				? {
						port: config.MQTT_EMBEDDED_PORT,
						username: config.MQTT_EMBEDDED_USERNAME,
						password: embeddedPassword()
					}
				: null,
		turns,
		/** The account of a request's session cookie (null without a valid session). */
		accountOf: (req: IncomingMessage): number | null =>
			auth.validate(readCookie(req.headers.cookie, SESSION_COOKIE))?.user.id ?? null,
		/** Whether the database can serve requests now (always, for SQLite). */
		available: (): boolean => !(db instanceof PgDatabase) || db.available(),
		/** Device API, health and metrics; false when SvelteKit should answer. */
		handle(req: IncomingMessage, res: ServerResponse): boolean {
			return deviceApi.handle(req, res) || opsApi.handle(req, res);
		},
		attach(server: HttpServer): void {
			realtime.attach(server);
		},
		startDemo: () => ensureDemo(),
		async close(): Promise<void> {
			for (const j of jobs.splice(0)) j.stop();
			await mqtt.close();
			await realtime.close();
			await cluster?.close();
			await readsThread?.close();
			await checkpointer.stop();
			db.close();
		}
	};
}

export type App = ReturnType<typeof createApp>;
