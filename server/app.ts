import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { openDatabase, type Db } from './db/connection';
import { startCheckpointer } from './db/checkpointer';
import { createGroupCommit } from './db/group-commit';
import { createDashboardService } from './dashboard/dashboard.service';
import { createDevicesRepository } from './devices/devices.repository';
import { createDevicesService } from './devices/devices.service';
import { EnergyLedger } from './energy/ledger';
import { createDeviceApi } from './http/device-api';
import { createOpsApi } from './http/ops-api';
import { createIngestService } from './ingest/ingest.service';
import { createReadingsRepository } from './ingest/readings.repository';
import { startDemoStrip } from './jobs/demo-strip';
import { createMetrics } from './metrics/metrics';
import { createRealtimeHub } from './realtime/realtime.hub';
import { createSettingsService } from './settings/settings.service';
import { defaultStrip } from './simulator/loads';

export interface AppOptions {
	clock?: Clock;
	/** Live update coalescing window. */
	flushMs?: number;
	demoIntervalMs?: number;
}

/**
 * The composition root: the one place where the database, repositories, services and
 * transports are wired together. SvelteKit routes reach the result through the app
 * context (server/context.ts), never by importing singletons.
 */
export function createApp(config: Config, options: AppOptions = {}) {
	const clock = options.clock ?? systemClock;
	const startedAt = clock.now();
	const db: Db = openDatabase(config.DB_PATH, { sync: config.DB_SYNC });
	const checkpointer = startCheckpointer(db, config.DB_PATH);
	const settings = createSettingsService(db, clock, { timezone: config.TZ });
	const devicesRepo = createDevicesRepository(db);
	const devices = createDevicesService(devicesRepo, clock);
	const dashboard = createDashboardService(db, settings, clock);
	const realtime = createRealtimeHub(dashboard, clock, {
		flushMs: options.flushMs ?? 250,
		devicesFor: () => devices.list().map((d) => d.id)
	});
	const ledger = new EnergyLedger(
		db,
		createReadingsRepository(db),
		() => {
			const s = settings.get();
			return { maxGapMs: s.max_gap_s * 1000, standbyW: s.standby_w, maxPlausibleW: 16_000 };
		},
		() => settings.get().timezone
	);
	const ingest = createIngestService({
		ledger,
		commit: createGroupCommit(db, { onAbort: () => ledger.forgetAll() }),
		clock,
		retentionMs: () => settings.get().retention_days * 86_400_000,
		maxFutureMs: 5 * 60_000,
		addDropped: (device, frames) => devices.addDropped(device.id, frames),
		onStored: (device, stored, at) => {
			devices.seen(device.id, at);
			if (stored.length) realtime.changed(device.id, new Set(stored.map((r) => r.port)));
		}
	});
	const metrics = createMetrics({
		dbPath: config.DB_PATH,
		connectedSockets: () => realtime.connectedClients()
	});
	const deviceApi = createDeviceApi({ devices, ingest, metrics, clock });
	const opsApi = createOpsApi(db, metrics, startedAt);
	const jobs: { stop(): void }[] = [];
	const seenTimer = setInterval(() => devices.flushSeen(), 5000);
	seenTimer.unref();
	jobs.push({ stop: () => (clearInterval(seenTimer), devices.flushSeen()) });

	function addDevice(name: string, ports = 4, isDemo = false) {
		const created = devices.add(name, ports, isDemo);
		realtime.deviceAdded(created.device.id);
		return created;
	}

	return {
		config,
		clock,
		db,
		settings,
		devices,
		dashboard,
		ingest,
		realtime,
		metrics,
		addDevice,
		/** Device API, health and metrics; false when SvelteKit should answer. */
		handle(req: IncomingMessage, res: ServerResponse): boolean {
			return deviceApi.handle(req, res) || opsApi.handle(req, res);
		},
		attach(server: HttpServer): void {
			realtime.attach(server);
		},
		/** On an empty database, create the demo strip; whenever one exists, keep it running. */
		startDemo(): { created: boolean } {
			if (!config.DEMO) return { created: false };
			let demo = devices.list().find((d) => d.isDemo);
			const created = !demo && devices.count() === 0;
			if (created) {
				demo = addDevice('Demo strip (simulated)', 4, true).device;
				defaultStrip.forEach((load, i) => devices.labelPort(demo!.id, i + 1, load.name));
			}
			if (!demo) return { created: false };
			jobs.push(
				startDemoStrip(
					demo,
					ingest,
					clock,
					{
						intervalMs: options.demoIntervalMs ?? 2000,
						backfillMs: 24 * 3_600_000,
						backfillStepMs: 60_000,
						timeZone: settings.get().timezone
					},
					created
				)
			);
			return { created };
		},
		async close(): Promise<void> {
			for (const j of jobs.splice(0)) j.stop();
			await realtime.close();
			await checkpointer.stop();
			db.close();
		}
	};
}

export type App = ReturnType<typeof createApp>;
