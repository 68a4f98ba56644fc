// npx tsx bench/bills.bench.ts: what one household's bills page (and each sync pull, which
// carries it) costs to compute: six months and this one of a 4-port strip's 15-minute
// buckets, a meter with monthly readings, LT-A. Prints the median of 20 views and of 20
// port-price refreshes (the dashboard's, once a minute per household).
import { BD_LT_A_RESIDENTIAL_TARIFF, localMidnight } from '../server/billing';
import { createPricing } from '../server/billing/pricing';
import { FakeClock } from '../server/clock';
import { householdDb } from '../server/db/fixtures';
import { createSettingsService } from '../server/settings/settings.service';

const TZ = 'Asia/Dhaka';
const db = householdDb({ userId: 1, deviceId: 1, ports: 4 });
const now = localMidnight(2026, 12, 20, TZ) + 15 * 3_600_000;
const from = localMidnight(2026, 6, 1, TZ);
const insert = db.prepare(
	`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (1, ?, ?, ?, 900000, 500, 90)`
);
db.transaction(() => {
	for (let t = from; t < now; t += 900_000)
		for (const p of [1, 2, 3, 4]) insert.run(p, t, 20_000_000 * p);
})();
const clock = new FakeClock(localMidnight(2026, 6, 1, TZ));
const { tariffs, meter, bills } = createPricing(db, clock, createSettingsService(db, clock));
tariffs.save(1, { ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 });
meter.save(1, {
	kind: 'postpaid',
	phase: 'single',
	sanctionedLoadKw: 2,
	date: '2026-06-01',
	kwh: '1000'
});
for (let m = 7, kwh = 1250; m <= 12; m++, kwh += 250) {
	clock.set(localMidnight(2026, m, 2, TZ));
	meter.addReading(1, { date: `2026-${String(m).padStart(2, '0')}-01`, kwh: String(kwh) });
}
clock.set(now);
function median(run: () => void): number {
	const times: number[] = [];
	for (let i = 0; i < 20; i++) {
		const t = performance.now();
		run();
		times.push(performance.now() - t);
	}
	return times.sort((a, b) => a - b)[10]!;
}

const buckets = (
	db.prepare(`SELECT count(*) FROM energy_buckets`).pluck().get() as number
).toLocaleString('en');
console.log(`${buckets} buckets; bills view: median ${median(() => bills.view(1)).toFixed(1)} ms`);
console.log(`port prices: median ${median(() => bills.portPrices(1, '2026-12')).toFixed(1)} ms`);
const v = bills.view(1);
console.log(
	`December so far: household ${v.household?.total} on ${v.householdKwh?.toFixed(1)} units, strips ${v.strips.cost}`
);
