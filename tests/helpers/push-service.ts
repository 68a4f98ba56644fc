import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ece from 'http_ece';
import { post, startServer, type RunningServer } from './server';

/**
 * A stand-in for a browser vendor's push service: HTTPS with a self-signed certificate
 * (the server under test trusts it through NODE_EXTRA_CA_CERTS, as it would a real CA),
 * decrypting each message with the subscription's keys as the browser would (RFC 8291).
 */
export interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	at: number;
}

export class PushService {
	received: Received[] = [];
	/** Statuses to answer, per path, in order; afterwards 201. */
	script = new Map<string, number[]>();
	server!: Server;
	url = '';
	/** Called with each message after it is answered: a test hands it on to a browser. */
	onMessage: (r: Received) => void = () => {};

	async start(key: Buffer, cert: Buffer) {
		this.server = createServer({ key, cert }, (req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				this.received.push({
					path: req.url!,
					headers: req.headers,
					body: Buffer.concat(chunks),
					at: Date.now()
				});
				const status = this.script.get(req.url!)?.shift() ?? 201;
				res.writeHead(status).end();
				this.onMessage(this.received.at(-1)!);
			});
		});
		await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
		this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	to(path: string) {
		return this.received.filter((r) => r.path === path);
	}

	async waitFor(path: string, count = 1, timeoutMs = 15_000): Promise<Received[]> {
		const until = Date.now() + timeoutMs;
		while (this.to(path).length < count) {
			if (Date.now() > until)
				throw new Error(`${path}: ${this.to(path).length} of ${count} pushes arrived`);
			await new Promise((r) => setTimeout(r, 50));
		}
		return this.to(path);
	}
}

/** What a browser keeps for one subscription. */
export class FakeBrowser {
	ecdh: ECDH = createECDH('prime256v1');
	auth = randomBytes(16).toString('base64url');
	constructor(readonly endpoint: string) {
		this.ecdh.generateKeys();
	}
	toJSON() {
		return {
			endpoint: this.endpoint,
			expirationTime: null,
			keys: { p256dh: this.ecdh.getPublicKey().toString('base64url'), auth: this.auth }
		};
	}
	decrypt(r: Received) {
		const plain = ece.decrypt(r.body, {
			version: 'aes128gcm',
			privateKey: this.ecdh,
			authSecret: this.auth
		});
		return JSON.parse(plain.toString('utf8'));
	}
}

/** A self-signed certificate for 127.0.0.1 in `dir` (push.crt, push.key); openssl does it. */
export function selfSignedCert(dir: string): { cert: string; key: Buffer; certPem: Buffer } {
	const cert = join(dir, 'push.crt');
	const key = join(dir, 'push.key');
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'2',
			'-subj',
			'/CN=127.0.0.1',
			'-addext',
			'subjectAltName=IP:127.0.0.1',
			'-keyout',
			key,
			'-out',
			cert
		],
		{ stdio: 'ignore' }
	);
	return { cert, key: readFileSync(key), certPem: readFileSync(cert) };
}

/** A server under test that sends its notifications to a local push service, in a temp folder. */
export interface PushRig {
	dir: string;
	service: PushService;
	server: RunningServer;
	stop(): Promise<void>;
}

export async function startWithPushService(
	name: string,
	env: Record<string, string> = {}
): Promise<PushRig> {
	const dir = mkdtempSync(join(tmpdir(), `multiplug-${name}-`));
	const tls = selfSignedCert(dir);
	const service = new PushService();
	await service.start(tls.key, tls.certPem);
	// The local push service is on 127.0.0.1: the server sends only to listed push services.
	const server = await startServer(
		{ NODE_EXTRA_CA_CERTS: tls.cert, PUSH_SERVICE_HOSTS: '127.0.0.1', ...env },
		dir
	);
	return {
		dir,
		service,
		server,
		async stop() {
			await server.stop();
			service.server.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Above 3,300 W (the default) for two minutes of device time on one port: opens HIGH_USAGE. */
export const postOverload = (url: string, token: string, port = 1) => {
	const t0 = Date.now() - 125_000;
	return post(
		url,
		'/api/v1/readings',
		token,
		Array.from({ length: 13 }, (_, i) => ({
			ts: t0 + i * 10_000,
			seq: port * 1000 + i,
			ports: [{ port, voltage: 230, current: 15.2, power: 3500 }]
		}))
	);
};
