import type { IncomingMessage } from 'node:http';

export type JsonBody =
	| { ok: true; value: unknown }
	| { ok: false; status: 400 | 413 | 415; code: string; message: string };

/**
 * Reads a JSON body with a hard size limit. The limit is checked against Content-Length
 * before anything is read and again while streaming, so a liar cannot make us buffer more.
 */
export function readJson(req: IncomingMessage, limitBytes: number): Promise<JsonBody> {
	const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/json' && !type.endsWith('+json')) {
		req.resume();
		return Promise.resolve({
			ok: false,
			status: 415,
			code: 'unsupported_media_type',
			message: 'send the body as application/json'
		});
	}
	const tooLarge = {
		ok: false,
		status: 413,
		code: 'payload_too_large',
		message: `the body must be at most ${limitBytes} bytes; split the batch`
	} as const;
	const declared = Number(req.headers['content-length'] ?? NaN);
	if (declared > limitBytes) {
		req.resume();
		return Promise.resolve(tooLarge);
	}
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let done = false;
		const finish = (r: JsonBody) => {
			if (!done) resolve(r);
			done = true;
		};
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > limitBytes) {
				chunks.length = 0;
				req.resume();
				finish(tooLarge);
			} else if (!done) chunks.push(c);
		});
		req.on('error', () =>
			finish({ ok: false, status: 400, code: 'aborted', message: 'the request was aborted' })
		);
		req.on('end', () => {
			if (done) return;
			try {
				finish({ ok: true, value: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) });
			} catch {
				finish({
					ok: false,
					status: 400,
					code: 'invalid_json',
					message: 'the body is not valid JSON'
				});
			}
		});
	});
}
