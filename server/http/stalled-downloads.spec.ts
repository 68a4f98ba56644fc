import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStalledDownloads } from './stalled-downloads';

describe('stalled downloads', () => {
	let server: Server;
	let client: Socket;

	afterEach(async () => {
		client?.destroy();
		await new Promise((r) => server.close(r));
	});

	/** A response that writes until it must wait for its client, then waits. */
	async function start(headers: Record<string, string>, limitMs: number) {
		const stalled = createStalledDownloads(limitMs, 50);
		let response!: ServerResponse;
		const responded = new Promise<void>((ready) => {
			server = createServer((_req, res) => {
				stalled.watch(res);
				response = res;
				// As SvelteKit's adapter sets them: one by one, so that getHeader sees them.
				for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
				res.writeHead(200);
				const chunk = Buffer.alloc(64 * 1024, 'x');
				const fill = () => {
					while (res.write(chunk));
					ready();
				};
				res.on('drain', fill);
				fill();
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		client = connect((server.address() as AddressInfo).port, '127.0.0.1');
		client.pause(); // reads nothing
		client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
		await responded;
		const closed = new Promise<void>((r) => response.once('close', r));
		return { response, closed };
	}

	it('ends a download whose client has read nothing for the limit', async () => {
		const { response, closed } = await start({ 'content-disposition': 'attachment' }, 300);
		expect(response.writableNeedDrain).toBe(true);
		const since = Date.now();
		await closed;
		expect(Date.now() - since).toBeGreaterThanOrEqual(250);
		expect(response.destroyed).toBe(true);
	});

	it('leaves other responses to their client', async () => {
		const { response, closed } = await start({ 'content-type': 'text/plain' }, 100);
		const ended = await Promise.race([
			closed.then(() => true),
			new Promise((r) => setTimeout(() => r(false), 500))
		]);
		expect(ended).toBe(false);
		expect(response.destroyed).toBe(false);
	});

	it('starts the count again whenever the client takes some', async () => {
		const { response, closed } = await start({ 'content-disposition': 'attachment' }, 300);
		let ended = false;
		void closed.then(() => (ended = true));
		// A slow reader: it reads for 20 ms of every 100, for three times the limit.
		for (let i = 0; i < 9; i++) {
			client.resume();
			await new Promise((r) => setTimeout(r, 20));
			client.pause();
			await new Promise((r) => setTimeout(r, 80));
		}
		expect(ended).toBe(false);
		expect(response.destroyed).toBe(false);
		client.pause();
		await closed;
	});
});
