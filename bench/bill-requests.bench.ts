// npm run bench:bills (needs npm run build): single-request times of the money views for the
// largest allowed account (50 strips × 4 ports, a year of data written straight into the
// database). One request at a time, nothing else from this script running. Not a test: it
// prints figures for docs/benchmarks.md. The first request of each route is reported apart
// from the rest (the first one of a household may build what later ones reuse).
import { fillLargestAccount } from '../tests/helpers/largest-account';
import { signUp, startServer, type RunningServer } from '../tests/helpers/server';
import { loadavg } from 'node:os';

const REPEAT = Number(process.env.REPEAT ?? 5);
let server: RunningServer | undefined;
const hardStop = setTimeout(() => {
	console.error('bills bench: hard time limit reached, stopping');
	server?.cleanup();
	process.exit(1);
}, 900_000);
hardStop.unref();

async function timed(url: string, cookie: string): Promise<{ ms: number; status: number }> {
	const t0 = performance.now();
	const res = await fetch(url, { headers: { cookie, accept: 'text/html' } });
	await res.arrayBuffer();
	return { ms: performance.now() - t0, status: res.status };
}

async function main() {
	const first = await startServer();
	const heavy = await signUp(first.url);
	await first.stop();
	fillLargestAccount(first.dbPath, heavy.email);
	server = await startServer({ LOG_LEVEL: 'error' }, first.dir);
	// WAIT_S=20 gives the server time to build the largest households' indexes first.
	await new Promise((r) => setTimeout(r, Number(process.env.WAIT_S ?? 0) * 1000));
	const routes = ['/bills', '/api/bills', '/', '/api/sync'];
	console.log(
		`load average ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
	for (const path of routes) {
		const times: number[] = [];
		for (let i = 0; i < REPEAT; i++) {
			const r = await timed(server.url + path, heavy.cookie);
			if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
			times.push(r.ms);
		}
		const rest = times.slice(1).sort((a, b) => a - b);
		console.log(
			`${path.padEnd(12)} first ${times[0]!.toFixed(0)} ms; then median ${rest[Math.floor(rest.length / 2)]!.toFixed(0)} ms, ` +
				`min ${rest[0]!.toFixed(0)}, max ${rest[rest.length - 1]!.toFixed(0)} (${rest.length} requests)`
		);
	}
	console.log(
		`load average ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
	await server.stop();
	server.cleanup();
}

main().catch((e) => {
	console.error(e);
	server?.cleanup();
	process.exit(1);
});
