// npm run lighthouse: measures the dashboard as a phone gets it from a real production
// server, and rewrites the marked section of docs/benchmarks.md with the figures.
//
//  1. Lighthouse 12.2.3 (mobile profile, its default simulated throttling: 4× CPU slowdown,
//     slow 4G) against the demo account's dashboard, several runs, medians reported.
//  2. The dashboard's first-load JavaScript (gzip), from the scripts Lighthouse saw load.
//  3. Start from cache: with the service worker in control and the network off, how long a
//     reload of the dashboard takes, under 4× CPU throttling, until it shows the readings
//     from IndexedDB.
//
// Options: --runs N (Lighthouse runs, default 5), --starts N (cache starts, default 5),
// --no-build (use the existing build), --no-write (print only), --reports DIR (keep each
// run's Lighthouse JSON there, to open in the Lighthouse viewer). CHROMIUM_PATH overrides
// /usr/bin/chromium. Every process started here is stopped before it exits.
import { chromium, devices } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as prettier from 'prettier';
import { ROOT, startServer, type RunningServer } from '../tests/helpers/server';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('runs', 5);
const STARTS = option('starts', 5);
const BUILD = !args.includes('--no-build');
const WRITE = !args.includes('--no-write');
const REPORTS = args.includes('--reports') ? args[args.indexOf('--reports') + 1] : null;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update'
];
const BENCHMARKS = join(ROOT, 'docs/benchmarks.md');
const BEGIN = '<!-- lighthouse:begin (npm run lighthouse rewrites this section) -->';
const END = '<!-- lighthouse:end -->';
/** The dashboard sets this User Timing mark when it first shows the phone's own data. */
const LOCAL_MARK = 'multiplug:dashboard-local';

interface Run {
	scores: Record<'performance' | 'accessibility' | 'best-practices', number>;
	metrics: Record<'fcp' | 'lcp' | 'tbt' | 'cls' | 'si', number>;
	benchmarkIndex: number;
	scripts: { path: string; transferBytes: number }[];
	opportunities: string[];
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function demoLogin(server: RunningServer): Promise<string> {
	// The demo account is printed right after "listening"; it may come in a later chunk.
	let m: RegExpExecArray | null = null;
	for (let i = 0; i < 50 && !m; i++) {
		m = /Log in as (\S+) with password (\S+) /.exec(server.output());
		if (!m) await new Promise((r) => setTimeout(r, 100));
	}
	if (!m) throw new Error(`no demo account in the server's output:\n${server.output()}`);
	const res = await fetch(`${server.url}/login`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email: m[1]!, password: m[2]! }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('multiplug_session='));
	if (!cookie) throw new Error(`log-in failed: ${res.status}`);
	return cookie.split(';')[0]!;
}

async function lighthouseOnce(url: string, cookie: string, dir: string, i: number): Promise<Run> {
	const out = join(dir, `lhr-${i}.json`);
	const headers = join(dir, 'headers.json');
	writeFileSync(headers, JSON.stringify({ Cookie: cookie }));
	const proc = spawn(
		process.execPath,
		[
			join(ROOT, 'node_modules/lighthouse/cli/index.js'),
			url,
			'--output=json',
			`--output-path=${out}`,
			'--only-categories=performance,accessibility,best-practices',
			`--chrome-flags=${CHROME_FLAGS.join(' ')}`,
			`--extra-headers=${headers}`,
			'--quiet',
			...(REPORTS ? ['--save-assets'] : [])
		],
		{
			cwd: ROOT,
			env: { ...process.env, CHROME_PATH: CHROMIUM },
			stdio: ['ignore', 'ignore', 'pipe']
		}
	);
	let err = '';
	proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
	const code = await new Promise<number | null>((r) => proc.once('exit', r));
	if (code !== 0 || !existsSync(out)) throw new Error(`lighthouse failed (${code}):\n${err}`);
	const lhr = JSON.parse(readFileSync(out, 'utf8'));
	if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
	const finalUrl = new URL(lhr.finalDisplayedUrl ?? lhr.finalUrl);
	if (finalUrl.pathname !== '/')
		throw new Error(`measured ${finalUrl.pathname}, not the dashboard`);
	const audit = (id: string) => lhr.audits[id];
	const items = audit('network-requests').details.items as {
		url: string;
		resourceType?: string;
		transferSize?: number;
		sessionTargetType?: string;
	}[];
	const origin = new URL(url).origin;
	return {
		scores: {
			performance: Math.round(lhr.categories.performance.score * 100),
			accessibility: Math.round(lhr.categories.accessibility.score * 100),
			'best-practices': Math.round(lhr.categories['best-practices'].score * 100)
		},
		metrics: {
			fcp: audit('first-contentful-paint').numericValue,
			lcp: audit('largest-contentful-paint').numericValue,
			tbt: audit('total-blocking-time').numericValue,
			cls: audit('cumulative-layout-shift').numericValue,
			si: audit('speed-index').numericValue
		},
		benchmarkIndex: lhr.environment.benchmarkIndex,
		// What the page itself loaded (not the service worker's precache downloads).
		scripts: items
			.filter(
				(r) =>
					r.resourceType === 'Script' &&
					r.url.startsWith(origin) &&
					(r.sessionTargetType ?? 'page') === 'page'
			)
			.map((r) => ({ path: new URL(r.url).pathname, transferBytes: r.transferSize ?? 0 })),
		opportunities: Object.values(lhr.audits as Record<string, Record<string, unknown>>)
			.filter(
				(a) =>
					typeof a.score === 'number' &&
					a.score < 0.9 &&
					(a.details as { type?: string } | undefined)?.type === 'opportunity'
			)
			.map((a) => String(a.title))
	};
}

/** Gzip (level 9) of each script as built: comparable with the earlier measurement. */
function jsSize(scripts: Run['scripts']) {
	const unique = [...new Map(scripts.map((s) => [s.path, s])).values()];
	let gzip = 0;
	for (const s of unique) {
		const file = join(ROOT, 'build/client', s.path);
		if (!existsSync(file)) throw new Error(`script ${s.path} is not in build/client`);
		gzip += gzipSync(readFileSync(file), { level: 9 }).length;
	}
	return {
		files: unique.length,
		gzipBytes: gzip,
		transferBytes: unique.reduce((a, s) => a + s.transferBytes, 0)
	};
}

/**
 * A start from the cache: the service worker controls the page and the local database holds
 * a sync; then, with no network and the CPU throttled 4× (CDP), the page is reloaded again
 * and again. Before each reload the service worker is stopped, as a phone does with an app
 * left alone, so it starts too. Each start ends at the dashboard's mark for the moment it
 * shows the readings from IndexedDB (milliseconds from navigation start).
 */
async function cacheStarts(url: string, cookie: string): Promise<number[]> {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS.slice(1) });
	try {
		const { defaultBrowserType: _, ...phone } = devices['Pixel 7'];
		const context = await browser.newContext(phone);
		const [name, value] = cookie.split('=') as [string, string];
		await context.addCookies([{ name, value, url }]);
		const page = await context.newPage();
		await page.goto(url);
		await page.evaluate(() => navigator.serviceWorker.ready);
		await page.reload();
		const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
		if (!controlled) throw new Error('the service worker does not control the page');
		await page.locator('[data-source="local"]').waitFor({ timeout: 30_000 });

		await context.setOffline(true);
		const cdp = await context.newCDPSession(page);
		// Playwright's offline blocks the network; this also makes navigator.onLine say so.
		await cdp.send('Network.enable');
		await cdp.send('Network.emulateNetworkConditions', {
			offline: true,
			latency: 0,
			downloadThroughput: -1,
			uploadThroughput: -1
		});
		await cdp.send('ServiceWorker.enable');
		const times: number[] = [];
		for (let i = 0; i < STARTS; i++) {
			await cdp.send('ServiceWorker.stopAllWorkers');
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
			await page.reload({ waitUntil: 'commit' });
			// Waited for with a PerformanceObserver: Playwright's locators would first inject
			// their own script into the page, on its main thread, in the middle of the start.
			const mark = await page.evaluate(
				(name) =>
					new Promise<number>((resolve, reject) => {
						setTimeout(() => reject(new Error(`no ${name} mark within 30 s`)), 30_000);
						new PerformanceObserver((list, observer) => {
							const entry = list.getEntriesByName(name)[0];
							if (!entry) return;
							observer.disconnect();
							resolve(entry.startTime);
						}).observe({ type: 'mark', buffered: true });
					}),
				LOCAL_MARK
			);
			await page.locator('[data-source="local"]').waitFor({ timeout: 30_000 });
			// It really was offline and from the service worker: the app says so, and the
			// document went through the worker.
			await page.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
			const viaWorker = await page.evaluate(
				() =>
					(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
						.workerStart > 0
			);
			if (!viaWorker) throw new Error('the page did not come from the service worker');
			times.push(mark);
		}
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		return times;
	} finally {
		await browser.close();
	}
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmtKb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function section(
	runs: Run[],
	js: ReturnType<typeof jsSize>,
	starts: number[],
	load: number[]
): string {
	const date = new Date().toISOString().slice(0, 16).replace('T', ', ');
	const cats = ['performance', 'accessibility', 'best-practices'] as const;
	const target = { performance: '≥ 95', accessibility: '100', 'best-practices': '100' };
	const label = {
		performance: 'Performance',
		accessibility: 'Accessibility',
		'best-practices': 'Best practices'
	};
	const m = (k: keyof Run['metrics']) => median(runs.map((r) => r.metrics[k]));
	const rows = cats.map(
		(c) =>
			`| ${label[c].padEnd(14)} | ${String(median(runs.map((r) => r.scores[c]))).padStart(6)} | ${runs
				.map((r) => r.scores[c])
				.join(', ')
				.padEnd(22)} | ${target[c].padStart(6)} |`
	);
	const opportunities = [...new Set(runs.flatMap((r) => r.opportunities))];
	return [
		BEGIN,
		`## Lighthouse and start from cache — ${date} UTC`,
		'',
		`\`npm run lighthouse\`: production build, server on an ephemeral port with a temp database,`,
		`logged in as the demo account (its simulated strip posting live), the dashboard measured by`,
		`Lighthouse 12.2.3 with its default mobile profile (simulated throttling: 4× CPU slowdown,`,
		`slow 4G) in the system Chromium, ${runs.length} runs. Machine: ${cpus().length} vCPU, load average`,
		`${load.map((l) => l.toFixed(1)).join(' / ')} at the start, Lighthouse benchmark index ${Math.round(median(runs.map((r) => r.benchmarkIndex)))} (median).`,
		'',
		'| category       | median | runs                   | target |',
		'| -------------- | -----: | ---------------------- | -----: |',
		...rows,
		'',
		`Medians: first contentful paint ${fmtS(m('fcp'))}, largest contentful paint ${fmtS(m('lcp'))},`,
		`total blocking time ${Math.round(m('tbt'))} ms, cumulative layout shift ${m('cls').toFixed(3)}, speed index ${fmtS(m('si'))}.`,
		opportunities.length
			? `Opportunities Lighthouse still lists: ${opportunities.join('; ')}.`
			: 'Lighthouse lists no opportunities.',
		'',
		`First-load JavaScript of the dashboard (the scripts the page loaded in those runs, gzip`,
		`level 9 of each file as built): **${fmtKb(js.gzipBytes)} in ${js.files} files** (target: at most 100 kB);`,
		`${fmtKb(js.transferBytes)} transferred as served (brotli).`,
		'',
		...(starts.length
			? [
					`Start from cache: the service worker in control, the network off, the CPU throttled 4×`,
					`(CDP \`Emulation.setCPUThrottlingRate\`) on a Pixel 7 profile; each start stops the service`,
					`worker and reloads the dashboard, and ends when it has rendered the readings from`,
					`IndexedDB (its \`${LOCAL_MARK}\` mark, from navigation start): **${fmtS(median(starts))}**`,
					`median of ${starts.length} (${starts.map((t) => Math.round(t)).join(', ')} ms; target: under 1 s).`
				]
			: ['Start from cache: not measured in this run (`--starts 0`).']),
		END
	].join('\n');
}

async function writeSection(text: string): Promise<void> {
	const doc = readFileSync(BENCHMARKS, 'utf8');
	const a = doc.indexOf(BEGIN);
	const b = doc.indexOf(END);
	const next =
		a >= 0 && b > a
			? doc.slice(0, a) + text + doc.slice(b + END.length)
			: `${doc.trimEnd()}\n\n${text}\n`;
	// Laid out as `npm run lint` wants it (the tables' columns padded), with the repo's config.
	const options = (await prettier.resolveConfig(BENCHMARKS)) ?? {};
	writeFileSync(BENCHMARKS, await prettier.format(next, { ...options, filepath: BENCHMARKS }));
}

async function main(): Promise<void> {
	if (RUNS < 1) throw new Error('--runs must be at least 1');
	if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
	const load = loadavg();
	if (BUILD) {
		const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit']
		});
		if (r.status !== 0) throw new Error('the build failed');
	}
	const server = await startServer({ DEMO: '1' });
	const dir = REPORTS ?? mkdtempSync(join(tmpdir(), 'multiplug-lighthouse-'));
	mkdirSync(dir, { recursive: true });
	try {
		const cookie = await demoLogin(server);
		const url = `${server.url}/`;
		// Measured against a running server, not a cold process: the first render of each
		// route loads and compiles its modules, which a server that is up has long done.
		for (const path of ['/', '/api/sync', '/']) {
			await (await fetch(server.url + path, { headers: { cookie } })).arrayBuffer();
		}
		const runs: Run[] = [];
		for (let i = 0; i < RUNS; i++) {
			const run = await lighthouseOnce(url, cookie, dir, i);
			console.log(
				`lighthouse ${i + 1}/${RUNS}: ${JSON.stringify(run.scores)} FCP ${Math.round(run.metrics.fcp)} LCP ${Math.round(run.metrics.lcp)} TBT ${Math.round(run.metrics.tbt)} ms`
			);
			runs.push(run);
		}
		const js = jsSize(runs.flatMap((r) => r.scripts));
		const starts = STARTS > 0 ? await cacheStarts(url, cookie) : [];
		console.log(`cache starts: ${starts.map((t) => Math.round(t)).join(', ')} ms`);
		const text = section(runs, js, starts, load);
		console.log(`\n${text}\n`);
		if (WRITE) await writeSection(text);
	} finally {
		await server.stop();
		server.cleanup();
		if (!REPORTS) rmSync(dir, { recursive: true, force: true });
	}
}

await main();
