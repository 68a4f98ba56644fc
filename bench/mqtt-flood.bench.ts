// npm run bench:mqtt (needs npm run build): does one flooding MQTT publisher slow another
// plug's readings? A broker in this process and the app on 127.0.0.1, both plugs owned by
// one household (the tests' plug family). A quiet plug publishes a reading every 250 ms;
// its latency is the time from publishing to the reading being stored (read back from the
// database). Three phases of PHASE_S seconds (default 15): alone; while another owned plug
// floods as fast as the broker takes it; while a publisher invents a new plug name with
// every message. The quiet plug and the flooder have connections of their own, as two plugs
// do; the flood is paced at FLOOD_RATE messages a second (default 2,000; 0: as fast as
// this process can publish, which the broker in this same process then shares the CPU
// with). Not a test: it prints figures for docs/benchmarks.md.
import mqtt from 'mqtt';
import { fileURLToPath } from 'node:url';
import { openTestDb } from '../tests/helpers/db';
import { TestBroker } from '../tests/helpers/mqtt-broker';
import { signUp, startServer, type RunningServer } from '../tests/helpers/server';

const PHASE_S = Number(process.env.PHASE_S ?? 15);
const FLOOD_RATE = Number(process.env.FLOOD_RATE ?? 2000);
const PRELOAD = fileURLToPath(new URL('../tests/helpers/fake-plug-family.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server once started, for the hard stop. */
const started: RunningServer[] = [];
const broker = new TestBroker();
const hardStop = setTimeout(
	() => {
		console.error('mqtt bench: hard time limit reached, stopping');
		for (const s of started) s.cleanup();
		process.exit(1);
	},
	(PHASE_S * 3 + 120) * 1000
);
hardStop.unref();

function pct(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

async function metric(outcome: string): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	const m = new RegExp(`^multiplug_mqtt_messages_total\\{outcome="${outcome}"\\} (\\d+)`, 'm');
	return Number(m.exec(text)?.[1] ?? 0);
}

await broker.start();
// 600 a minute: the quiet plug's four a second stay within its own allowance.
const server = await startServer(
	{ MQTT_URL: broker.url, LOG_LEVEL: 'silent', MQTT_PLUG_MESSAGES_PER_MINUTE: '600' },
	undefined,
	['--import', PRELOAD]
);
started.push(server);
const db = openTestDb(server.dbPath, { readonly: true });
const connect = () =>
	mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		username: TestBroker.USER,
		password: TestBroker.PASSWORD
	});
const client = await connect();
const flooder = await connect();
const reading = (key: string, ts: number, wh: number) =>
	client.publishAsync(
		`fakeplug/${key}/reading`,
		JSON.stringify({
			ts,
			ports: [{ port: 1, voltage: 230, current: 1, power: 230, energy_wh: wh }]
		})
	);

const account = await signUp(server.url);
for (const key of ['quiet', 'chatty']) {
	await reading(key, Date.now(), 0);
	await sleep(500);
	const res = await fetch(`${server.url}/devices?/addPlug`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded',
			cookie: account.cookie
		},
		body: new URLSearchParams({ family: 'fake', key })
	});
	if (!(await res.text()).includes('"success"')) throw new Error(`could not add ${key}`);
}
const quietId = db.prepare(`SELECT device_id FROM plugs WHERE plug_key = 'quiet'`).pluck().get();
const stored = db.prepare(`SELECT 1 FROM readings WHERE device_id = ? AND ts = ?`).pluck();

let wh = 1;
async function measure(seconds: number): Promise<number[]> {
	const out: number[] = [];
	const until = Date.now() + seconds * 1000;
	while (Date.now() < until) {
		const ts = Date.now();
		const t0 = performance.now();
		await reading('quiet', ts, wh++);
		while (!stored.get(quietId, ts)) {
			if (performance.now() - t0 > 10_000) break;
			await sleep(1);
		}
		out.push(performance.now() - t0);
		await sleep(250);
	}
	return out;
}

/** Publishes FLOOD_RATE messages a second (in 10 ms ticks), or as fast as it can, until `stop`. */
async function flood(topic: (i: number) => string, stop: { done: boolean }): Promise<number> {
	let n = 0;
	const started = performance.now();
	while (!stop.done) {
		const due = FLOOD_RATE
			? Math.floor(((performance.now() - started) / 1000) * FLOOD_RATE)
			: n + 200;
		if (due <= n) {
			await sleep(10);
			continue;
		}
		const batch = [];
		for (; n < due; n++) {
			const body = {
				ts: Date.now() - n,
				ports: [{ port: 1, voltage: 230, current: 1, power: 230 }]
			};
			batch.push(flooder.publishAsync(topic(n), JSON.stringify(body)));
		}
		await Promise.all(batch);
		await new Promise((r) => setImmediate(r));
	}
	return n;
}

const report: string[] = [];
async function phase(name: string, topic: ((i: number) => string) | null) {
	const dropped0 = await metric('rate_limited');
	const stop = { done: false };
	const flooding = topic ? flood(topic, stop) : Promise.resolve(0);
	const latencies = await measure(PHASE_S);
	stop.done = true;
	const sent = await flooding;
	await sleep(1000);
	const dropped = (await metric('rate_limited')) - dropped0;
	report.push(
		`| ${name} | ${latencies.length} | ${pct(latencies, 0.5).toFixed(1)} | ${pct(latencies, 0.95).toFixed(1)} | ${Math.max(...latencies).toFixed(1)} | ${topic ? Math.round(sent / PHASE_S) : '—'} | ${topic ? dropped : '—'} |`
	);
}

try {
	await phase('quiet plug alone', null);
	await phase('another owned plug floods', () => 'fakeplug/chatty/reading');
	await phase('a publisher invents plugs', (i) => `fakeplug/invented-${i}/reading`);
	console.log('| phase | readings | p50 ms | p95 ms | max ms | flood msg/s | dropped |');
	console.log('|---|---|---|---|---|---|---|');
	for (const line of report) console.log(line);
} finally {
	await client.endAsync(true);
	await flooder.endAsync(true);
	db.close();
	server.cleanup();
	await broker.stop();
}
