// npx tsx bench/alert-rules.bench.ts: the cost the alert rules add to each stored reading.
// Feeds the engine a day of 4-port frames at 1 s (345,600 readings) through the same
// onReadings call ingestion makes after each commit, with real SQLite behind the alerts.
import { localMidnight } from '../server/billing';
import { createAlertsEngine } from '../server/alerts/alerts.engine';
import { createAlertsRepository } from '../server/alerts/alerts.repository';
import { createAlertsService } from '../server/alerts/alerts.service';
import { createThresholds } from '../server/alerts/thresholds.repository';
import { FakeClock } from '../server/clock';
import { openDatabase } from '../server/db/connection';

const db = openDatabase(':memory:');
db.prepare(
	`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (1, 'a', 'x', 0, 0)`
).run();
db.prepare(
	`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (1, 'd', 4, 'h', 0, 1)`
).run();
const start = localMidnight(2026, 3, 1, 'Asia/Dhaka');
const clock = new FakeClock(start);
const alerts = createAlertsService(createAlertsRepository(db), clock, {
	ownerOf: () => 1,
	opened: () => {},
	changed: () => {}
});
const engine = createAlertsEngine({
	alerts,
	thresholds: createThresholds(db),
	clock,
	timeZone: () => 'Asia/Dhaka',
	maxGapMs: () => 300_000,
	defaultIntervalMs: () => 20_000,
	devices: () => [],
	ports: () => [],
	portBuckets: () => [],
	slabAhead: () => null,
	balanceLow: () => null,
	costsToday: () => [],
	prices: {
		isPeak: () => false,
		dayOfUse: () => null,
		peakPremium: () => null,
		standbyMonth: () => null,
		today: () => null
	}
});

// Port 1 crosses 3,300 W every ten minutes (so an alert opens and counts), the rest idle.
const FRAMES = 86_400;
const batches: { port: number; ts: number; power: number }[][] = [];
for (let i = 0; i < FRAMES; i += 10) {
	const batch = [];
	for (let j = i; j < i + 10; j++) {
		const ts = start + j * 1000;
		const heavy = Math.floor(j / 300) % 2 === 1;
		for (const port of [1, 2, 3, 4])
			batch.push({ port, ts, power: port === 1 && heavy ? 3500 : 60 });
	}
	batches.push(batch);
}
const t0 = process.hrtime.bigint();
for (const b of batches) engine.onReadings(1, b, b[b.length - 1]!.ts);
const ns = Number(process.hrtime.bigint() - t0);
const readings = FRAMES * 4;
const opened = db.prepare(`SELECT count(*) FROM alerts`).pluck().get() as number;
console.log(
	`${readings} readings in ${(ns / 1e6).toFixed(0)} ms: ${(ns / readings).toFixed(0)} ns per reading; ${opened} alerts opened on the way`
);
