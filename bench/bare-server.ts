// The yardstick: a bare node:http server that only reads and parses the same JSON.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
		const text = JSON.stringify({ ok: Array.isArray(body) ? body.length : 1 });
		res.writeHead(200, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text)
		});
		res.end(text);
	});
});
server.listen(0, '127.0.0.1', () => {
	const addr = server.address();
	console.log(`listening on http://localhost:${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => process.exit(0));
