// The light household of `npm run bench:fairness`, as a process of its own: its timings must
// not include the load generator's own waits (it parses the heavy account's answers, up to
// megabytes each), any more than a real household's phone shares the attacker's CPU loop.
// Run by fairness.bench.ts with one JSON argument; prints its latencies as JSON.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Timed {
	ms: number;
	status: number;
}

export async function timed(run: () => Promise<Response>): Promise<Timed> {
	const t0 = performance.now();
	try {
		const res = await run();
		await res.arrayBuffer();
		return { ms: performance.now() - t0, status: res.status };
	} catch {
		return { ms: performance.now() - t0, status: 0 };
	}
}

export interface Paced {
	samples: number[];
	/** When each sample started, ms since the phase began. */
	at: number[];
	statuses: [number, number][];
}

/** Calls `step` every `everyMs` until `until`, never two at once; returns the latencies. */
export async function paced(
	everyMs: number,
	until: number,
	step: () => Promise<Timed>
): Promise<Paced> {
	const samples: number[] = [];
	const at: number[] = [];
	const statuses = new Map<number, number>();
	const start = Date.now();
	let next = start;
	while (Date.now() < until) {
		at.push(Date.now() - start);
		const r = await step();
		samples.push(r.ms);
		statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
		next += everyMs;
		await sleep(Math.max(0, next - Date.now()));
	}
	return { samples, at, statuses: [...statuses] };
}

export function frame(ts: number, seq: number) {
	return {
		ts,
		seq,
		ports: [1, 2, 3, 4].map((port) => ({
			port,
			voltage: 230,
			current: 0.5,
			power: 100 + port,
			pf: 0.9,
			energy_wh: seq / 100 + port,
			relay: true
		}))
	};
}

export const post = (url: string, token: string, body: unknown) =>
	fetch(`${url}/api/v1/readings`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify(body)
	});

export interface ProbeJob {
	url: string;
	token: string;
	cookie: string;
	seconds: number;
	/** The strip's first frame number (frames go on from one phase to the next). */
	seq: number;
}

export interface ProbeResult {
	post: Paced;
	dashboard: Paced;
	health: Paced;
	seq: number;
	/** The probe's own event-loop delay, ms: its timings include it. */
	ownDelay: { p99: number; max: number };
}

/** The light household for `seconds`: readings at 1 Hz, dashboard at 1 Hz, /health at 10 Hz. */
export async function household(job: ProbeJob): Promise<ProbeResult> {
	const { url, token, cookie } = job;
	let seq = job.seq;
	// A new process's first requests also time its own start (connections, compiling the
	// HTTP client): three of each, before the phase, are not counted.
	for (let i = 0; i < 3; i++) {
		await timed(() => post(url, token, [frame(Date.now(), seq++)]));
		await timed(() => fetch(`${url}/`, { headers: { cookie, accept: 'text/html' } }));
		await timed(() => fetch(`${url}/health`));
	}
	const until = Date.now() + job.seconds * 1000;
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	const [postR, dashR, healthR] = await Promise.all([
		paced(1000, until, () => timed(() => post(url, token, [frame(Date.now(), seq++)]))),
		paced(1000, until, () =>
			timed(() => fetch(`${url}/`, { headers: { cookie, accept: 'text/html' } }))
		),
		paced(100, until, () => timed(() => fetch(`${url}/health`)))
	]);
	delay.disable();
	const ownDelay = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
	return { post: postR, dashboard: dashR, health: healthR, seq, ownDelay };
}

if (process.argv[1]?.endsWith('fairness-probe.ts')) {
	const result = await household(JSON.parse(process.argv[2]!) as ProbeJob);
	process.stdout.write(JSON.stringify(result));
}
