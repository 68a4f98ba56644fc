import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { appContext } from '$lib/server/app';
import { idParam } from '$lib/server/guards';
import type { RequestHandler } from './$types';

const body = z.object({
	on: z.boolean(),
	confirm: z.boolean().optional(),
	override: z.boolean().optional()
});

const problem = (status: number, code: string, message: string) =>
	json({ error: { code, message } }, { status });

/**
 * Switch a port of one's own strip. JSON only: a cross-site form cannot send it, and a
 * cross-site script would need a CORS preflight that is never granted. 202: the command
 * is queued; the strip's confirmation arrives over the socket.
 */
export const POST: RequestHandler = async (event) => {
	const user = event.locals.user;
	if (!user) return problem(401, 'unauthorized', 'sign in to switch ports');
	const device = appContext().devices.owned(idParam(event.params.id), user.id);
	if (!device) return problem(404, 'not_found', 'no such device');
	if (!event.request.headers.get('content-type')?.startsWith('application/json')) {
		return problem(415, 'unsupported_media_type', 'send JSON');
	}
	const parsed = body.safeParse(await event.request.json().catch(() => null));
	if (!parsed.success) return problem(400, 'invalid_body', 'send {"on": true|false}');
	const { on, confirm = false, override = false } = parsed.data;
	const out = appContext().relays.userSwitch(
		device.id,
		Number(event.params.port),
		on,
		user.id,
		confirm,
		override
	);
	if (!out.ok && out.reason === 'port') return problem(404, 'not_found', 'no such port');
	if (!out.ok) {
		return problem(
			409,
			'confirm_required',
			'this port is marked critical: confirm to switch it off'
		);
	}
	const { id, port, expiresAt } = out.command;
	return json({ command: { id, port, on, expires: expiresAt } }, { status: 202 });
};
