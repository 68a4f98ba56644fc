// npm run bench: drives both device endpoints of a real server (temp database) with
// autocannon on 127.0.0.1 only, next to a bare node:http JSON server as the yardstick.
// Bounded: each run lasts a fixed number of seconds, and every process started is stopped.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import setupBuild from '../tests/global-setup';
import { addDevice, ROOT, startServer } from '../tests/helpers/server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const FRAMES_PER_BATCH = 100;
const PAIRS = 5;

interface Run {
	name: string;
	requestsPerSec: number;
	readingsPerSec: number;
	p50: number;
	p99: number;
	non2xx: number;
	errors: number;
}

function peakRssMb(pid: number): number {
	const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function drive(
	name: string,
	url: string,
	path: string,
	token: string,
	body: () => string,
	readingsPerRequest: number,
	extra: Partial<autocannon.Options> = {}
): Promise<Run> {
	const result = await autocannon({
		url: url + path,
		method: 'POST',
		connections: CONNECTIONS,
		duration: SECONDS,
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
		...extra
	});
	const ok = result.requests.total - result.non2xx;
	return {
		name,
		requestsPerSec: Math.round(result.requests.average),
		readingsPerSec: Math.round((ok * readingsPerRequest) / SECONDS),
		p50: result.latency.p50,
		p99: result.latency.p99,
		non2xx: result.non2xx,
		errors: result.errors
	};
}

// Unique timestamps in the past, so every reading is new work rather than a duplicate.
let tick = Date.now() - 20 * 86_400_000;
// A template, not JSON.stringify: the load generator shares the two cores with the server.
const seedBody = () =>
	`{"port":${(tick % 4) + 1},"voltage":230.1,"current":0.52,"power":119.6,"energy_wh":1234,"ts":${tick++}}`;
const batchBody = () => {
	const frames = [];
	for (let i = 0; i < FRAMES_PER_BATCH; i++) {
		const ts = (tick += 10);
		frames.push({
			ts,
			seq: ts % 1_000_000,
			ports: [1, 2, 3, 4].map((port) => ({
				port,
				voltage: 230.1,
				current: 0.52,
				power: 100 + port,
				pf: 0.9,
				energy_wh: Math.floor(ts / 60_000) % 100_000,
				relay: true
			}))
		});
	}
	return JSON.stringify(frames);
};

async function main(): Promise<void> {
	const runs: Run[] = [];
	// The production server as the tests start it: the build, with the backend rebundled.
	await setupBuild();

	const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const bareUrl = await new Promise<string>((r) =>
		bare.stdout!.on('data', (c: Buffer) => {
			const m = /listening on (http:\/\/localhost:\d+)/.exec(c.toString());
			if (m) r(m[1]!.replace('localhost', '127.0.0.1'));
		})
	);
	runs.push(await drive('bare node:http, seed body', bareUrl, '/', 'x', seedBody, 1));
	runs.push(
		await drive('bare node:http, batch body', bareUrl, '/', 'x', batchBody, FRAMES_PER_BATCH * 4)
	);
	const server = await startServer({ DEVICE_RATE_LIMIT: '0' });
	try {
		const { token } = await addDevice(server.dbPath, 'Bench strip');
		// Latency first, on a fresh server after a short warm-up, before the saturating runs
		// leave a large WAL to checkpoint; then the maximum rates.
		const fixedRate = { connections: 10, overallRate: 1000 };
		await drive('warm-up', server.url, '/api/data', token, seedBody, 1, {
			...fixedRate,
			duration: 3
		});
		runs.push(
			await drive(
				'POST /api/data at a fixed 1,000 req/s',
				server.url,
				'/api/data',
				token,
				seedBody,
				1,
				fixedRate
			)
		);
		runs.push(await drive('POST /api/data (seed)', server.url, '/api/data', token, seedBody, 1));
		runs.push(
			await drive(
				`POST /api/v1/readings (${FRAMES_PER_BATCH} frames × 4 ports)`,
				server.url,
				'/api/v1/readings',
				token,
				batchBody,
				FRAMES_PER_BATCH * 4
			)
		);
		const rss = peakRssMb(server.proc.pid!);
		// The machine's load drifts between runs: the ratio to the yardstick is taken from
		// back-to-back pairs, each as short as both runs allow, and their median kept.
		const ratios: number[] = [];
		for (let i = 0; i < PAIRS; i++) {
			const short = { duration: Math.min(SECONDS, 5) };
			const b = await drive('pair: bare', bareUrl, '/', 'x', seedBody, 1, short);
			const s = await drive('pair: seed', server.url, '/api/data', token, seedBody, 1, short);
			ratios.push(s.requestsPerSec / b.requestsPerSec);
			console.log(`pair ${i + 1}: bare ${b.requestsPerSec}, seed ${s.requestsPerSec} requests/s`);
		}
		const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;

		console.log(
			`\nMachine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${SECONDS} s per run, ${CONNECTIONS} connections`
		);
		console.log('\n| run | requests/s | readings/s | p50 ms | p99 ms | non-2xx | errors |');
		console.log('|---|---:|---:|---:|---:|---:|---:|');
		for (const r of runs) {
			console.log(
				`| ${r.name} | ${r.requestsPerSec} | ${r.readingsPerSec} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`
			);
		}
		console.log(`\nPeak RSS of the server: ${rss} MB`);
		const bareSeed = runs[0]!;
		const fixed = runs[2]!;
		const seed = runs[3]!;
		const batch = runs[4]!;
		const checks = [
			[
				`seed ≥ half the bare server (median of ${PAIRS} back-to-back pairs: ${ratio.toFixed(2)}; single runs above: ${seed.requestsPerSec} vs ${bareSeed.requestsPerSec})`,
				ratio >= 0.5
			],
			[`seed ≥ 5,000 requests/s (${seed.requestsPerSec})`, seed.requestsPerSec >= 5000],
			[`batch ≥ 50,000 readings/s (${batch.readingsPerSec})`, batch.readingsPerSec >= 50_000],
			[`p99 < 20 ms at 1,000 requests/s (${fixed.p99} ms)`, fixed.p99 < 20]
		] as const;
		console.log('');
		for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'} ${what}`);
	} finally {
		bare.kill('SIGTERM');
		await server.stop();
		server.cleanup();
	}
}

await main();
