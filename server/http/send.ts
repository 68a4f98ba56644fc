import type { ServerResponse } from 'node:http';

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		...headers
	});
	res.end(text);
}

export interface ApiError {
	code: string;
	message: string;
	field?: string;
}

/** Every expected failure has one shape: `{ error: { code, message, field? } }`. */
export function sendError(
	res: ServerResponse,
	status: number,
	error: ApiError,
	extra: object = {},
	headers: Record<string, string> = {}
): void {
	sendJson(res, status, { error, ...extra }, headers);
}
