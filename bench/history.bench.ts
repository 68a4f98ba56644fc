// npx tsx bench/history.bench.ts [ROUNDS]: the history page for the largest account the
// server allows (MAX_DEVICES_PER_ACCOUNT strips of 4 ports) against a built server. Seeds a
// year of daily and monthly rollups, BUCKET_DAYS (default 35) of 15-minute buckets and a
// day of raw readings every 30 s, then prints each view's page and page-data size (bytes on
// the wire without compression, and with brotli), the first request's time (month prices
// not yet kept) and the median of ROUNDS more.
import http from 'node:http';
import { startServer, signUp } from '../tests/helpers/server';
import { seedLargeAccount } from '../tests/helpers/large-account';

const rounds = Number(process.argv[2] ?? 5);
const bucketDays = Number(process.env.BUCKET_DAYS ?? 35);
const URLS = (process.env.URLS ?? '').split(',').filter(Boolean);

/** Bytes on the wire of a brotli response (fetch would decode it). */
function wireBytes(url: string, cookie: string): Promise<number> {
	return new Promise((done, fail) => {
		http
			.get(url, { headers: { cookie, 'accept-encoding': 'br' } }, (res) => {
				let n = 0;
				res.on('data', (c: Buffer) => (n += c.length));
				res.on('end', () => done(n));
			})
			.on('error', fail);
	});
}

const server = await startServer({ SESSION_RATE_LIMIT: '100000' });
try {
	const account = await signUp(server.url);
	const now = Date.now();
	let t = performance.now();
	seedLargeAccount(server.dbPath, account.email, now, {
		strips: 50,
		days: 366,
		bucketDays,
		readingMinutes: 1440,
		readingStepMs: 30_000
	});
	console.log(`seeded 50 strips × 4 ports in ${Math.round(performance.now() - t)} ms`);
	const paths = URLS.length
		? URLS
		: [
				'/history',
				'/history?view=hour',
				'/history?view=day',
				'/history?view=week',
				'/history?view=month',
				'/history?view=year',
				'/history?view=month&unit=money',
				'/history?view=year&unit=money'
			];
	const get = (path: string, encoding: string) =>
		fetch(server.url + path, {
			headers: { cookie: account.cookie, 'accept-encoding': encoding }
		});
	console.log('| request | bytes | brotli | first ms | median ms |');
	console.log('| --- | ---: | ---: | ---: | ---: |');
	for (const path of paths) {
		for (const p of [path, path.replace('/history', '/history/__data.json')]) {
			t = performance.now();
			const plain = await get(p, 'identity');
			const first = performance.now() - t;
			const bytes = (await plain.arrayBuffer()).byteLength;
			if (plain.status !== 200) throw new Error(`${p}: ${plain.status}`);
			const brBytes = await wireBytes(server.url + p, account.cookie);
			const times: number[] = [];
			for (let i = 0; i < rounds; i++) {
				t = performance.now();
				await (await get(p, 'identity')).arrayBuffer();
				times.push(performance.now() - t);
			}
			times.sort((a, b) => a - b);
			console.log(
				`| ${p} | ${bytes} | ${brBytes} | ${Math.round(first)} | ${Math.round(times[Math.floor(rounds / 2)]!)} |`
			);
		}
	}
} finally {
	await server.stop();
	server.cleanup();
}
