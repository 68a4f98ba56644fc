// npm run bench:cluster — the same build on SQLite (one process) and on PostgreSQL with one
// and with two processes, side by side in one run on this machine: batched ingest
// (readings/s, p50/p99 per request) and fan-out (a reading's delivery to 200 dashboards).
// 127.0.0.1 only; every phase is bounded in time and stops its servers.
import autocannon from 'autocannon';
import { io, type Socket } from 'socket.io-client';
import setupBuild from '../tests/global-setup';
import { createDatabase, startPostgres } from '../tests/helpers/postgres';
import { addDevice, post, signUp, startServer, type RunningServer } from '../tests/helpers/server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 8;
const STRIPS = 8;
const FRAMES = 50; // × 4 ports = 200 readings a request
const DASHBOARDS = 200;
const FANOUT_ROUNDS = 20;

let tick = Date.now() - 20 * 86_400_000;
const batch = () => {
	const frames = [];
	for (let i = 0; i < FRAMES; i++) {
		const ts = (tick += 10);
		frames.push({
			ts,
			ports: [1, 2, 3, 4].map((port) => ({ port, voltage: 230.1, current: 0.5, power: 100 + port }))
		});
	}
	return JSON.stringify(frames);
};

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function ingest(servers: RunningServer[], tokens: string[]) {
	let next = 0;
	// The connections are spread over the processes, as a load balancer would.
	const runs = await Promise.all(
		servers.map((s) =>
			autocannon({
				url: `${s.url}/api/v1/readings`,
				method: 'POST',
				connections: Math.max(1, Math.round(CONNECTIONS / servers.length)),
				duration: SECONDS,
				headers: { 'content-type': 'application/json' },
				// Each request from the next strip, as a household's strips would post.
				requests: [
					{
						setupRequest: (req) => ({
							...req,
							headers: {
								...req.headers,
								authorization: `Bearer ${tokens[next++ % tokens.length]}`
							},
							body: batch()
						})
					}
				]
			})
		)
	);
	const ok = runs.reduce((n, r) => n + r.requests.total - r.non2xx, 0);
	return {
		readingsPerSec: Math.round((ok * FRAMES * 4) / SECONDS),
		p50: Math.max(...runs.map((r) => r.latency.p50)),
		p99: Math.max(...runs.map((r) => r.latency.p99)),
		non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
		// Which statuses the failures were (429: a strip's rate limit; 503: the database away).
		statuses: [
			...new Set(
				runs.flatMap((r) => Object.keys(r.statusCodeStats ?? {}).filter((c) => !c.startsWith('2')))
			)
		].join(' ')
	};
}

async function fanout(servers: RunningServer[], cookie: string, token: string, deviceId: number) {
	const sockets: Socket[] = [];
	for (let i = 0; i < DASHBOARDS; i++) {
		const s = servers[i % servers.length]!;
		sockets.push(
			io(s.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
		);
	}
	await Promise.all(
		sockets.map(
			(s) =>
				new Promise<void>((resolve, reject) => {
					s.once('connect', () => resolve());
					s.once('connect_error', reject);
				})
		)
	);
	const delays: number[] = [];
	try {
		for (let round = 0; round < FANOUT_ROUNDS; round++) {
			const power = 1000 + round;
			const got = sockets.map(
				(s) =>
					new Promise<number>((resolve) => {
						const on = (u: { deviceId: number; ports: { power: number | null }[] }) => {
							if (u.deviceId !== deviceId || !u.ports.some((p) => p.power === power)) return;
							s.off('ports:update', on);
							resolve(performance.now());
						};
						s.on('ports:update', on);
					})
			);
			const sent = performance.now();
			await post(servers[round % servers.length]!.url, '/api/data', token, {
				port: 1,
				voltage: 230,
				current: 4,
				power
			});
			const all = await Promise.race([
				Promise.all(got),
				new Promise<null>((r) => setTimeout(() => r(null), 10_000))
			]);
			if (all) delays.push(Math.max(...all) - sent);
			await new Promise((r) => setTimeout(r, 300));
		}
	} finally {
		for (const s of sockets) s.close();
	}
	return {
		p50: Math.round(pct(delays, 50)),
		p99: Math.round(pct(delays, 99)),
		rounds: delays.length
	};
}

async function measure(name: string, env: Record<string, string>, processes: number) {
	const servers: RunningServer[] = [];
	const common = {
		DEVICE_RATE_LIMIT: '0',
		SOCKETS_PER_SESSION: '1000',
		SESSION_RATE_LIMIT: '100000',
		LOG_LEVEL: 'error'
	};
	servers.push(await startServer({ ...common, ...env }));
	for (let i = 1; i < processes; i++) servers.push(await startServer({ ...common, ...env }));
	try {
		const target = env.DATABASE_URL ?? servers[0]!.dbPath;
		const account = await signUp(servers[0]!.url);
		const strips = [];
		for (let i = 0; i < STRIPS; i++)
			strips.push(await addDevice(target, `Strip ${i}`, 4, account.email));
		const live = await addDevice(target, 'Live strip', 4, account.email);
		const ing = await ingest(
			servers,
			strips.map((s) => s.token)
		);
		const fan = await fanout(servers, account.cookie, live.token, live.id);
		return { name, ...ing, fanout: fan };
	} finally {
		for (const s of servers) s.cleanup();
	}
}

await setupBuild();
const pg = await startPostgres();
try {
	const rows = [
		await measure('SQLite, 1 process', {}, 1),
		await measure('PostgreSQL, 1 process', { DATABASE_URL: await createDatabase(pg.baseUrl) }, 1),
		await measure('PostgreSQL, 2 processes', { DATABASE_URL: await createDatabase(pg.baseUrl) }, 2)
	];
	console.log(
		`\n${SECONDS} s of batched ingest (${STRIPS} strips over ${CONNECTIONS} connections, ${FRAMES * 4} readings a request), then ${FANOUT_ROUNDS} readings fanned out to ${DASHBOARDS} dashboards:\n`
	);
	console.log(
		'| set-up | readings/s | request p50 / p99 (ms) | non-2xx | fan-out to 200, p50 / p99 (ms) |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: |');
	for (const r of rows) {
		console.log(
			`| ${r.name} | ${r.readingsPerSec.toLocaleString('en')} | ${r.p50} / ${r.p99} | ${r.non2xx}${r.statuses ? ` (${r.statuses})` : ''} | ${r.fanout.p50} / ${r.fanout.p99} (${r.fanout.rounds}/${FANOUT_ROUNDS}) |`
		);
	}
} finally {
	await pg.stop();
}
process.exit(0);
