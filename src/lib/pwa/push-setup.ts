import * as m from '$i18n/messages';
import { enablePush, type EnableResult } from './push-client';

/** Long enough for a slow push service, short enough that nobody waits on a spinner. */
export const PUSH_SETUP_TIMEOUT_MS = 15_000;

/**
 * The browser's own errors, in words a person can act on. Raw DOMException text ("Registration
 * failed - push service error") says nothing to them.
 */
export function explainPushError(err: unknown): string {
	const name = (err as { name?: string } | null)?.name ?? '';
	if (name === 'NotAllowedError') return m.ps_blocked();
	if (name === 'AbortError' || name === 'NetworkError') return m.ps_no_service();
	if (name === 'InvalidStateError') return m.ps_starting();
	if (name === 'NotSupportedError') return m.ps_unsupported();
	if (err instanceof TypeError) return m.ps_no_server();
	return m.ps_failed();
}

/** Turns push on, giving up after `timeoutMs` with a plain explanation instead of hanging. */
export async function enablePushInTime(
	publicKey: string,
	timeoutMs = PUSH_SETUP_TIMEOUT_MS,
	enable: (key: string) => Promise<EnableResult> = enablePush
): Promise<EnableResult> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<EnableResult>((resolve) => {
		timer = setTimeout(() => resolve({ ok: false, message: m.ps_timed_out() }), timeoutMs);
	});
	try {
		return await Promise.race([
			enable(publicKey).catch((err: unknown) => ({
				ok: false as const,
				message: explainPushError(err)
			})),
			late
		]);
	} finally {
		clearTimeout(timer);
	}
}
