import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from './app';
import { isUnavailable } from './db/background';
import { ConfigError, loadConfig } from './config';
import { setAppContext } from './context';
import { createBaseHeaders } from './http/base-headers';
import { createCompression } from './http/compress';
import { createStalledDownloads } from './http/stalled-downloads';
import { createAccountGate } from './http/account-gate';
import { staticFilePaths } from './http/static-files';
import { printDemo } from './jobs/demo-strip';

/** What a request refused a place in its account's queue is told to wait. */
const ACCOUNT_RETRY_AFTER_S = 2;

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/**
 * Production entry: one HTTP server on one port carries the device API, health, metrics,
 * Socket.IO and the SvelteKit app (adapter-node's handler).
 */
async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(2);
		}
		throw err;
	}
	const handlerPath = resolve(process.env.BUILD_DIR ?? 'build', 'handler.js');
	if (!existsSync(handlerPath)) {
		console.error(`No build at ${handlerPath}: run npm run build (npm start does it for you).`);
		process.exit(2);
	}

	// adapter-node assumes https when it is not told the protocol. This server speaks plain
	// HTTP; a TLS-terminating proxy says https in X-Forwarded-Proto. ORIGIN, when set, wins.
	process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
	const app = createApp(config);
	setAppContext(app);
	const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: Handler };

	const compress = createCompression();
	const setBaseHeaders = createBaseHeaders(config.ORIGIN);
	const stalled = createStalledDownloads(config.EXPORT_STALL_S * 1000);
	const staticFiles = staticFilePaths(resolve(process.env.BUILD_DIR ?? 'build'));
	const gate = createAccountGate({
		turns: app.turns,
		accountOf: app.accountOf,
		isStaticFile: (path) => staticFiles.has(path),
		localeOf: (account) => app.settings.forUser(account).locale,
		retryAfterS: ACCOUNT_RETRY_AFTER_S
	});

	let inFlight = 0;
	let idle: (() => void) | null = null;
	const server = createServer((req, res) => {
		inFlight++;
		res.once('close', () => {
			if (--inFlight === 0) idle?.();
		});
		req.headers['x-forwarded-proto'] ??= 'http';
		setBaseHeaders(res);
		if (!app.available()) {
			req.resume();
			res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
			res.end(
				JSON.stringify({
					error: { code: 'unavailable', message: 'the database is unavailable; retry shortly' }
				})
			);
			return;
		}
		// The device API answers small JSON to strips that do not ask for compression.
		if (!app.handle(req, res)) {
			stalled.watch(res);
			gate(req, res, () => compress(req, res, () => handler(req, res)));
		}
	});
	app.attach(server);

	const demo = await app.startDemo();
	server.once('error', (err: NodeJS.ErrnoException) => {
		if (err.code === 'EADDRINUSE')
			console.error(`Port ${config.PORT} is in use: stop the other server or set PORT.`);
		else console.error('The server could not start:', err.message);
		process.exit(1);
	});
	server.listen(config.PORT, config.HOST, () => {
		const addr = server.address();
		const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
		console.log(`Smart Multiplug listening on http://localhost:${port}`);
		if (demo) printDemo(demo);
	});

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: finishing in-flight requests, then closing the database`);
		server.close();
		server.closeIdleConnections();
		if (inFlight > 0) {
			await new Promise<void>((done) => {
				idle = done;
				setTimeout(done, 10_000).unref();
			});
		}
		await app.close();
		process.exit(0);
	};
	// A database that went away mid-callback (PostgreSQL restarting) is answered where it
	// can be; anywhere else it must not end the process, which serves again once it is back.
	process.on('uncaughtException', (err) => {
		if (isUnavailable(err)) return;
		console.error(err);
		process.exit(1);
	});
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

await main();
