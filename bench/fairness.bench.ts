// npm run bench:fairness (needs npm run build): does a heavy account slow another household?
// One server on 127.0.0.1 with default limits. A light household (one strip) posts a frame
// at 1 Hz and loads its dashboard every second, while /health is probed at 10 Hz; its
// latencies are measured first alone (idle), then while the largest allowed account (50
// strips × 4 ports, a year of data, written straight into the database) posts from all 50
// strips at 1 Hz and hammers its heaviest routes from four sessions as fast as answers come
// (its requests take turns, and past its rate limit are answered 429). The light household
// is a process of its own (fairness-probe.ts), as its phone is not the attacker's machine,
// and the load generator runs at nice 19 while loading, as it stands for other machines.
// Not a test: it prints figures for docs/benchmarks.md. Bounded: IDLE_S + LOADED_S of load
// (default 100 + 100 s: a p99 of 100 samples is not just the slowest one) and a hard stop.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { frame, paced, post, timed, type ProbeJob, type ProbeResult } from './fairness-probe';
import { fillLargestAccount, LARGEST } from '../tests/helpers/largest-account';
import { addDevice, signUp, startServer, type RunningServer } from '../tests/helpers/server';

const IDLE_S = Number(process.env.IDLE_S ?? 100);
const LOADED_S = Number(process.env.LOADED_S ?? 100);
const LOADGEN_NICE = Number(process.env.LOADGEN_NICE ?? 19);
const HEAVY_SESSIONS = 4;
const WORKERS_PER_SESSION = 2;
const DAY = 86_400_000;

let server: RunningServer | undefined;
// Whatever happens, the bench ends: setup on a loaded machine included.
const hardStop = setTimeout(
	() => {
		console.error('fairness bench: hard time limit reached, stopping');
		server?.cleanup();
		process.exit(1);
	},
	(IDLE_S + LOADED_S + 600) * 1000
);
hardStop.unref();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dhakaDay = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10);

function pct(values: number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** The server's event-loop delay since the last look (its /metrics histogram resets on each). */
async function loopDelay(url: string): Promise<{ p99: number; max: number }> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const ms = (name: string) =>
		Number(
			new RegExp(`^multiplug_process_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(
				text
			)?.[1]
		) * 1000;
	return { p99: ms('p99'), max: ms('max') };
}

/** The light household (fairness-probe.ts), run as a process of its own for `job.seconds`. */
function household(job: ProbeJob): Promise<ProbeResult> {
	return new Promise((resolve, reject) => {
		const probe = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				fileURLToPath(new URL('./fairness-probe.ts', import.meta.url)),
				JSON.stringify(job)
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		let out = '';
		probe.stdout.on('data', (chunk: Buffer) => (out += chunk));
		probe.on('error', reject);
		probe.on('exit', (code) =>
			code === 0
				? resolve(JSON.parse(out) as ProbeResult)
				: reject(new Error(`probe exited ${code}`))
		);
	});
}

async function main() {
	const setupStart = Date.now();
	const first = await startServer();
	const heavy = await signUp(first.url);
	const light = await signUp(first.url);
	const lightStrip = await addDevice(first.dbPath, 'Light strip', 4, light.email);
	await first.stop();
	const filled = fillLargestAccount(first.dbPath, heavy.email);
	// SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
	const nodeArgs = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	server = await startServer({ LOG_LEVEL: 'error' }, first.dir, nodeArgs);
	const url = server.url;
	// Four sessions of the heavy account (the first from sign-up, three more by logging in).
	const heavyCookies = [heavy.cookie];
	for (let i = 1; i < HEAVY_SESSIONS; i++) {
		const res = await fetch(`${url}/login`, {
			method: 'POST',
			headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: heavy.email, password: heavy.password }),
			redirect: 'manual'
		});
		const c = res.headers.getSetCookie().find((x) => x.startsWith('multiplug_session='));
		if (!c) throw new Error(`log-in failed: ${res.status}`);
		heavyCookies.push(c.split(';')[0]!);
	}
	const light0 = await fetch(`${url}/`, { headers: { cookie: light.cookie } });
	const heavy0 = await fetch(`${url}/`, { headers: { cookie: heavy.cookie } });
	const sizes = {
		light: (await light0.arrayBuffer()).byteLength,
		heavy: (await heavy0.arrayBuffer()).byteLength
	};
	console.log(
		`setup ${((Date.now() - setupStart) / 1000).toFixed(0)} s: heavy account ${LARGEST.strips} strips, ` +
			`${filled.rows.energy_buckets} buckets; dashboards ${sizes.light} B (light) and ${sizes.heavy} B (heavy)`
	);

	let seq = 1;
	// The load generator's own delay too: the heavy account's latencies include its waits.
	const ownDelay = monitorEventLoopDelay({ resolution: 10 });
	ownDelay.enable();
	await loopDelay(url);
	const job = { url, token: lightStrip.token, cookie: light.cookie };
	const idle = await household({ ...job, seconds: IDLE_S, seq });
	seq = idle.seq;
	const idleDelay = await loopDelay(url);
	const ownIdle = { p99: ownDelay.percentile(99) / 1e6, max: ownDelay.max / 1e6 };
	ownDelay.reset();

	// The heavy account: its strips post at 1 Hz, and its sessions loop over its heaviest routes.
	const stop = Date.now() + LOADED_S * 1000;
	const oldMonth = new Date(Date.now() - 200 * DAY).toISOString().slice(0, 7);
	const yearAgo = dhakaDay(Date.now() - 364 * DAY);
	const today = dhakaDay(Date.now());
	const allRoutes = [
		'/',
		'/bills',
		`/bills?month=${oldMonth}`,
		'/alerts',
		'/alerts/thresholds',
		'/devices',
		'/history',
		'/history?view=year&unit=money',
		'/api/sync',
		'/api/bills',
		`/export/summary.csv?from=${yearAgo}&to=${today}`,
		`/export/readings.csv?from=${dhakaDay(Date.now() - DAY)}&to=${today}`
	];
	// HEAVY_ROUTES=/alerts,/devices narrows the hammering to routes whose path starts so.
	const only = process.env.HEAVY_ROUTES?.split(',');
	const routes = only
		? allRoutes.filter((r) => only.some((o) => r === o || r.startsWith(`${o}?`)))
		: allRoutes;
	console.log(`heavy account hammers: ${routes.join(' ')}`);
	const heavyStatus = new Map<number, number>();
	const heavyLatency = new Map<string, number[]>();
	const worker = async (cookie: string, offset: number) => {
		for (let i = offset; Date.now() < stop; i++) {
			const path = routes[i % routes.length]!;
			let next: string | null = null;
			const r = await timed(async () => {
				const res = await fetch(url + path, { headers: { cookie, accept: 'text/html' } });
				if (path === '/api/sync' && res.status === 200) {
					next = ((await res.clone().json()) as { next: string | null }).next;
				}
				return res;
			});
			heavyStatus.set(r.status, (heavyStatus.get(r.status) ?? 0) + 1);
			if (r.status === 200) heavyLatency.set(path, [...(heavyLatency.get(path) ?? []), r.ms]);
			// A sync follows its pages, as the app does.
			while (next && Date.now() < stop) {
				const page: string = `/api/sync?page=${encodeURIComponent(next)}`;
				next = null;
				const p = await timed(async () => {
					const res = await fetch(url + page, { headers: { cookie } });
					if (res.status === 200)
						next = ((await res.clone().json()) as { next: string | null }).next;
					return res;
				});
				heavyStatus.set(p.status, (heavyStatus.get(p.status) ?? 0) + 1);
				if (p.status === 200)
					heavyLatency.set('/api/sync?page', [...(heavyLatency.get('/api/sync?page') ?? []), p.ms]);
			}
		}
	};
	const strips = filled.devices.map(async (d, i) => {
		await sleep((i * 1000) / filled.devices.length);
		let n = 1;
		return paced(1000, stop, () => timed(() => post(url, d.token, [frame(Date.now(), n++)])));
	});
	const workers = heavyCookies.flatMap((c, s) =>
		Array.from({ length: WORKERS_PER_SESSION }, (_, w) => worker(c, s * WORKERS_PER_SESSION + w))
	);
	const probe = household({ ...job, seconds: LOADED_S, seq });
	// The load generator stands for the attacker's machines, not the server's: once the probe
	// and the server are started, it gives way to both on these two cores (LOADGEN_NICE=0 not).
	if (LOADGEN_NICE > 0) setPriority(LOADGEN_NICE);
	const [loaded] = await Promise.all([probe, ...workers]);
	const stripResults = await Promise.all(strips);
	const loadedDelay = await loopDelay(url);
	const ownLoaded = { p99: ownDelay.percentile(99) / 1e6, max: ownDelay.max / 1e6 };
	ownDelay.disable();

	const row = (name: string, a: { samples: number[] }, b: { samples: number[] }) => {
		const f = (n: number) => n.toFixed(1);
		const ratio = pct(b.samples, 0.99) / pct(a.samples, 0.99);
		return `| ${name} | ${a.samples.length} / ${b.samples.length} | ${f(pct(a.samples, 0.5))} | ${f(pct(a.samples, 0.99))} | ${f(pct(b.samples, 0.5))} | ${f(pct(b.samples, 0.99))} | ${f(Math.max(...b.samples))} | ${ratio.toFixed(2)}× |`;
	};
	console.log('\nThe light household, idle vs while the heavy account runs (ms):\n');
	console.log(
		'| request | samples idle / loaded | idle p50 | idle p99 | loaded p50 | loaded p99 | loaded max | p99 loaded/idle |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	console.log(row('POST /api/v1/readings (1 Hz)', idle.post, loaded.post));
	console.log(row('GET / dashboard (1 Hz)', idle.dashboard, loaded.dashboard));
	console.log(row('GET /health (10 Hz)', idle.health, loaded.health));
	const statuses = (m: Iterable<[number, number]>) =>
		[...m]
			.sort(([a], [b]) => a - b)
			.map(([s, n]) => `${s}: ${n}`)
			.join(', ');
	console.log(
		`\nlight household statuses, loaded: posts ${statuses(loaded.post.statuses)}; dashboard ${statuses(loaded.dashboard.statuses)}`
	);
	console.log(`heavy account route answers: ${statuses(heavyStatus)}`);
	const f0 = (n: number) => n.toFixed(0);
	console.log(
		`server event-loop delay (ms), idle: p99 ${f0(idleDelay.p99)}, max ${f0(idleDelay.max)}; ` +
			`loaded: p99 ${f0(loadedDelay.p99)}, max ${f0(loadedDelay.max)}`
	);
	console.log(
		`the bench's own event-loop delay (ms), idle: p99 ${f0(ownIdle.p99)}, max ${f0(ownIdle.max)}; ` +
			`loaded: p99 ${f0(ownLoaded.p99)}, max ${f0(ownLoaded.max)}`
	);
	console.log(
		`the light household's own event-loop delay (ms), idle: p99 ${f0(idle.ownDelay.p99)}, max ${f0(idle.ownDelay.max)}; ` +
			`loaded: p99 ${f0(loaded.ownDelay.p99)}, max ${f0(loaded.ownDelay.max)}`
	);
	const slowest = (name: string, r: { samples: number[]; at: number[] }) =>
		r.samples
			.map((ms, i) => [ms, r.at[i]!] as const)
			.sort((a, b) => b[0] - a[0])
			.slice(0, 3)
			.map(([ms, at]) => `${ms.toFixed(0)} ms at ${(at / 1000).toFixed(1)} s`)
			.join(', ')
			.replace(/^/, `  ${name}: `);
	console.log("the light household's slowest loaded samples:");
	for (const k of ['post', 'dashboard', 'health'] as const) console.log(slowest(k, loaded[k]));
	const heavyPosts = new Map<number, number>();
	for (const r of stripResults)
		for (const [s, n] of r.statuses) heavyPosts.set(s, (heavyPosts.get(s) ?? 0) + n);
	console.log(`heavy account strip posts: ${statuses(heavyPosts)}`);
	console.log('heavy account 200s by route (count, p50 ms, max ms):');
	for (const [path, ms] of heavyLatency)
		console.log(
			`  ${path}: ${ms.length}, ${pct(ms, 0.5).toFixed(0)}, ${Math.max(...ms).toFixed(0)}`
		);
	// An error the server logged (LOG_LEVEL=error) is a finding, not noise.
	const logged = server!.output().trim();
	if (logged) console.log(`the server logged:\n${logged.split('\n').slice(-40).join('\n')}`);
}

try {
	await main();
} finally {
	await server?.stop();
	server?.cleanup();
	clearTimeout(hardStop);
}
