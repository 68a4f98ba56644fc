import { createRequire } from 'node:module';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { exportActivity } from '../export/readings-stream';

export interface MetricsSources {
	/** Bytes the database takes. */
	databaseBytes: () => number;
	connectedSockets: () => number;
	waitingLongPolls: () => number;
	/** Page and /api requests waiting for their account's turn. */
	waitingAccountRequests?: () => number;
	/** Page and /api requests holding one of their account's turns. */
	runningAccountRequests?: () => number;
	/** 1 while the MQTT bridge is connected to its broker, 0 otherwise (or off). */
	mqttConnected?: () => number;
	/** Figures the reads worker has answered since the start. */
	readsWorkerAnswers?: () => number;
	/** WAL checkpoints run by the main thread and by the reads worker since the start. */
	walCheckpoints?: () => { main: number; reads: number };
}

/** One registry per app instance, so tests can run several apps in one process. */
export function createMetrics(sources: MetricsSources) {
	const registry = new Registry();
	processMetrics(registry);
	const accepted = new Counter({
		name: 'multiplug_readings_accepted_total',
		help: 'Port readings stored',
		registers: [registry]
	});
	const duplicates = new Counter({
		name: 'multiplug_readings_duplicate_total',
		help: 'Port readings already stored (counted once)',
		registers: [registry]
	});
	const rejected = new Counter({
		name: 'multiplug_readings_rejected_total',
		help: 'Frames or readings refused, by reason',
		labelNames: ['reason'] as const,
		registers: [registry]
	});
	const latency = new Histogram({
		name: 'multiplug_ingest_duration_seconds',
		help: 'Time to answer a device request',
		labelNames: ['endpoint'] as const,
		buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
		registers: [registry]
	});
	new Gauge({
		name: 'multiplug_connected_sockets',
		help: 'Socket.IO clients connected',
		registers: [registry],
		collect() {
			this.set(sources.connectedSockets());
		}
	});
	new Gauge({
		name: 'multiplug_waiting_long_polls',
		help: 'Strips waiting in GET /api/v1/commands',
		registers: [registry],
		collect() {
			this.set(sources.waitingLongPolls());
		}
	});
	new Gauge({
		name: 'multiplug_waiting_account_requests',
		help: "Page and /api requests waiting for their account's turn",
		registers: [registry],
		collect() {
			this.set(sources.waitingAccountRequests?.() ?? 0);
		}
	});
	new Gauge({
		name: 'multiplug_running_account_requests',
		help: "Page and /api requests holding one of their account's turns",
		registers: [registry],
		collect() {
			this.set(sources.runningAccountRequests?.() ?? 0);
		}
	});
	new Gauge({
		name: 'multiplug_exports_open',
		help: 'Readings exports streaming now (each holds a read-only database connection)',
		registers: [registry],
		collect() {
			this.set(exportActivity.open);
		}
	});
	new Counter({
		name: 'multiplug_export_rows_read_total',
		help: 'Rows read from the database by readings exports',
		registers: [registry],
		collect() {
			this.reset();
			this.inc(exportActivity.rowsRead);
		}
	});
	new Gauge({
		name: 'multiplug_database_bytes',
		help: 'Size of the database (SQLite: its file and WAL)',
		registers: [registry],
		collect() {
			this.set(sources.databaseBytes());
		}
	});
	const mqttMessages = new Counter({
		name: 'multiplug_mqtt_messages_total',
		help: 'MQTT messages the bridge received, by what became of them',
		labelNames: ['outcome'] as const,
		registers: [registry]
	});
	new Gauge({
		name: 'multiplug_mqtt_connected',
		help: 'Whether the MQTT bridge is connected to its broker',
		registers: [registry],
		collect() {
			this.set(sources.mqttConnected?.() ?? 0);
		}
	});
	new Gauge({
		name: 'multiplug_reads_worker_answers',
		help: "Large households' figures worked out in the reads worker since the start",
		registers: [registry],
		collect() {
			this.set(sources.readsWorkerAnswers?.() ?? 0);
		}
	});
	new Gauge({
		name: 'multiplug_wal_checkpoints',
		help: 'SQLite WAL checkpoints since the start, by the thread that ran them',
		labelNames: ['thread'],
		registers: [registry],
		collect() {
			const n = sources.walCheckpoints?.() ?? { main: 0, reads: 0 };
			this.set({ thread: 'main' }, n.main);
			this.set({ thread: 'reads' }, n.reads);
		}
	});
	return { registry, accepted, duplicates, rejected, latency, mqttMessages };
}

type Collector = (registry: Registry, config: object) => void;
const require = createRequire(import.meta.url);

/**
 * prom-client's default process metrics (CPU, memory, heap spaces, event-loop lag,
 * handles, …) under their usual names, except the GC duration histogram. That one
 * observes every collection through perf_hooks, and Node 20 builds a PerformanceEntry with
 * deprecated accessors for each: with the small young generation the server runs with
 * (docs/decisions.md) a million-row export runs thousands of scavenges, and those entries
 * alone lifted the export's peak RSS by 8-15 MB (measured with 1 MB semi-spaces).
 * collectDefaultMetrics cannot leave one out, so its collectors are registered one by one
 * (a renamed file fails loudly at start).
 */
function processMetrics(registry: Registry): void {
	const config = {
		register: registry,
		prefix: 'multiplug_process_',
		eventLoopMonitoringPrecision: 10
	};
	for (const name of collectDefaultMetrics.metricsList) {
		if (name === 'gc') continue;
		(require(`prom-client/lib/metrics/${name}`) as Collector)(registry, config);
	}
}

export type Metrics = ReturnType<typeof createMetrics>;
