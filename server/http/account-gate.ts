import type { IncomingMessage, ServerResponse } from 'node:http';
import * as m from '../../i18n/paraglide/messages.js';
import type { Locale } from '../settings/locale';
import type { AccountTurns } from './account-turns';
import { sendError } from './send';

export interface AccountGateDeps {
	turns: AccountTurns;
	/** The signed-in account of the request's session cookie, or null. */
	accountOf: (req: IncomingMessage) => number | null;
	/** Files served as they are (the app's scripts, icons): cheap, never queued. */
	isStaticFile: (path: string) => boolean;
	localeOf: (account: number) => Locale;
	/** What a refused request is told to wait: about one heavy request's time. */
	retryAfterS: number;
}

/**
 * In front of SvelteKit: a signed-in account's page and /api requests take turns
 * (account-turns.ts). The turn is held until the response is over, a streamed download
 * included, and given back when the client goes away; a request whose client left while
 * it waited is never handed on.
 */
export function createAccountGate(deps: AccountGateDeps) {
	const { turns } = deps;

	function refuse(req: IncomingMessage, res: ServerResponse, account: number, path: string) {
		req.resume();
		const retry = { 'retry-after': String(deps.retryAfterS) };
		if (path === '/api' || path.startsWith('/api/')) {
			sendError(
				res,
				429,
				{
					code: 'rate_limited',
					message: `too many requests at once; retry in ${deps.retryAfterS} s`
				},
				{},
				retry
			);
			return;
		}
		const text = m.page_too_many({ n: deps.retryAfterS }, { locale: deps.localeOf(account) });
		res.writeHead(429, {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'no-store',
			...retry
		});
		res.end(text);
	}

	return function gate(req: IncomingMessage, res: ServerResponse, next: () => void): void {
		const path = (req.url ?? '/').split('?', 1)[0]!;
		if (path.startsWith('/_app/') || deps.isStaticFile(path)) return next();
		const account = deps.accountOf(req);
		if (account === null) return next();
		let closed = false;
		const gone = new AbortController();
		res.once('close', () => {
			closed = true;
			gone.abort();
		});
		void turns.take(account, gone.signal).then((turn) => {
			if ('aborted' in turn) return;
			if ('refused' in turn) return refuse(req, res, account, path);
			if (closed) return turn.release();
			res.once('close', turn.release);
			next();
		});
	};
}
