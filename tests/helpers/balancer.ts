import { connect, createServer, type Socket } from 'node:net';

export interface Balancer {
	url: string;
	close(): Promise<void>;
}

/**
 * A TCP load balancer for tests, as Caddy or Railway's edge would behave: each new
 * connection goes to the first backend that accepts it, so a dead process is passed over.
 */
export async function startBalancer(backends: readonly string[]): Promise<Balancer> {
	const open = new Set<Socket>();
	const server = createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.pause();
		const tryBackend = (i: number) => {
			if (i >= backends.length) return client.destroy();
			const { hostname, port } = new URL(backends[i]!);
			const upstream = connect(Number(port), hostname);
			let connected = false;
			upstream.on('error', () => (connected ? client.destroy() : tryBackend(i + 1)));
			upstream.once('connect', () => {
				connected = true;
				open.add(upstream);
				upstream.on('close', () => (open.delete(upstream), client.destroy()));
				client.on('close', () => upstream.destroy());
				client.pipe(upstream).pipe(client);
				client.resume();
			});
		};
		tryBackend(0);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of open) s.destroy();
				server.close(() => resolve());
			})
	};
}
