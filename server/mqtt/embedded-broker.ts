import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';

export interface EmbeddedBrokerOptions {
	host: string;
	port: number;
	username: string;
	password: string;
	/** Publishes larger than this are refused at the broker (the publisher is disconnected). */
	maxPayloadBytes: number;
}

export interface EmbeddedBroker {
	/** mqtt://host:port, for the bridge (credentials are passed apart). */
	url: string;
	port: number;
	close(): Promise<void>;
}

function same(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A broker inside the app for a household without one. It has one account and lets no one
 * in without it: plugs, Home Assistant and the bridge all sign in with the same username
 * and password. It binds to loopback unless told otherwise.
 */
export async function startEmbeddedBroker(o: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
	const broker = await Aedes.createBroker({
		authenticate(_client, username, password, done) {
			if (username !== undefined && password && same(username, o.username)) {
				if (same(password.toString(), o.password)) return done(null, true);
			}
			const err = new Error('bad username or password') as AuthenticateError;
			err.returnCode = 4;
			done(err, null);
		},
		authorizePublish(_client, packet, done) {
			if (packet.payload.length > o.maxPayloadBytes) return done(new Error('payload too large'));
			done(null);
		}
	});
	const server: Server = createServer(broker.handle);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(o.port, o.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : o.port;
	const host = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
	return {
		url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		async close() {
			await new Promise<void>((r) => broker.close(() => r()));
			await new Promise<void>((r) => server.close(() => r()));
		}
	};
}
