import { json } from '@sveltejs/kit';

/** The one error shape of every JSON answer: `{ error: { code, message, field? } }`. */
export function apiError(
	status: number,
	code: string,
	message: string,
	options: { field?: string; headers?: Record<string, string> } = {}
): Response {
	const { field, headers } = options;
	return json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

/** What every /api endpoint answers a caller without a session: never a redirect. */
export const unauthorized = () => apiError(401, 'unauthorized', 'log in first');
