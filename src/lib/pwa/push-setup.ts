import { enablePush, type EnableResult } from './push-client';

/** Long enough for a slow push service, short enough that nobody waits on a spinner. */
export const PUSH_SETUP_TIMEOUT_MS = 15_000;

const TIMED_OUT =
	'Turning notifications on took too long: the browser could not reach its push service. Check the connection and try again; on a phone, a battery saver or a blocked Google Play services can cause this.';

/**
 * The browser's own errors, in words a person can act on. Raw DOMException text ("Registration
 * failed - push service error") says nothing to them.
 */
export function explainPushError(err: unknown): string {
	const name = (err as { name?: string } | null)?.name ?? '';
	if (name === 'NotAllowedError')
		return 'Notifications are blocked for this site. Allow them in the browser’s site settings, then try again.';
	if (name === 'AbortError' || name === 'NetworkError')
		return 'The browser could not reach its push service. Check the connection and try again.';
	if (name === 'InvalidStateError')
		return 'The app is still starting in this browser. Reload the page and try again.';
	if (name === 'NotSupportedError') return 'This browser cannot receive push notifications.';
	if (err instanceof TypeError)
		return 'The server could not be reached. Check the connection and try again.';
	return 'Notifications could not be turned on in this browser. Reload the page and try again.';
}

/** Turns push on, giving up after `timeoutMs` with a plain explanation instead of hanging. */
export async function enablePushInTime(
	publicKey: string,
	timeoutMs = PUSH_SETUP_TIMEOUT_MS,
	enable: (key: string) => Promise<EnableResult> = enablePush
): Promise<EnableResult> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<EnableResult>((resolve) => {
		timer = setTimeout(() => resolve({ ok: false, message: TIMED_OUT }), timeoutMs);
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
