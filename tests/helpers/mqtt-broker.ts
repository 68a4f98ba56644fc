import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';

/** An MQTT broker in the test process (a household's Mosquitto, in miniature), with one account. */
export class TestBroker {
	static readonly USER = 'bridge';
	static readonly PASSWORD = 'correct-horse-battery';
	broker!: Aedes;
	net!: Server;
	port = 0;
	private sockets = new Set<Socket>();

	/** The URL the app is given, credentials included. */
	get url(): string {
		return `mqtt://${TestBroker.USER}:${TestBroker.PASSWORD}@127.0.0.1:${this.port}`;
	}

	async start(port = 0): Promise<void> {
		this.broker = await Aedes.createBroker({
			authenticate: (_c, u, p, done) =>
				done(null, u === TestBroker.USER && p?.toString() === TestBroker.PASSWORD)
		});
		this.net = createServer((s) => {
			this.sockets.add(s);
			s.once('close', () => this.sockets.delete(s));
			this.broker.handle(s);
		});
		this.net.listen(port, '127.0.0.1');
		await once(this.net, 'listening');
		this.port = (this.net.address() as { port: number }).port;
	}

	/** Goes away at once, as a broker that crashed: every connection is cut. */
	async stop(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((r) => this.broker.close(() => r()));
		await new Promise<void>((r) => this.net.close(() => r()));
	}
}
