import * as m from '$i18n/messages';
/**
 * This browser's push subscription. The permission prompt is asked for only from a tap
 * (browsers block or auto-deny prompts that come unasked, and people hate them).
 */

export type PushSupport = 'supported' | 'insecure' | 'unsupported' | 'ios-browser';

export function pushSupport(): PushSupport {
	if (typeof window === 'undefined') return 'unsupported';
	if (!window.isSecureContext) return 'insecure';
	const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
	const standalone = window.matchMedia?.('(display-mode: standalone)').matches;
	if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
		return ios && !standalone ? 'ios-browser' : 'unsupported';
	return 'supported';
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
	const reg = await navigator.serviceWorker.getRegistration();
	if (!reg) return null;
	// A freshly installed worker may still be activating; push needs an active one.
	return reg.active ? reg : navigator.serviceWorker.ready;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
	if (pushSupport() !== 'supported') return null;
	return (await registration())?.pushManager.getSubscription() ?? null;
}

const keyBytes = (b64url: string) => {
	const raw = atob(b64url.replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

const sameKey = (sub: PushSubscription, key: Uint8Array) => {
	const k = sub.options?.applicationServerKey;
	if (!k) return true;
	const a = new Uint8Array(k);
	return a.length === key.length && a.every((v, i) => v === key[i]);
};

export type EnableResult = { ok: true; endpoint: string } | { ok: false; message: string };

export async function enablePush(publicKey: string): Promise<EnableResult> {
	const permission = await Notification.requestPermission();
	if (permission !== 'granted')
		return {
			ok: false,
			message: permission === 'denied' ? m.ps_blocked() : m.ps_not_allowed()
		};
	const reg = await registration();
	if (!reg) return { ok: false, message: m.ps_no_worker() };
	const key = keyBytes(publicKey);
	let sub = await reg.pushManager.getSubscription();
	// Subscribed under another server key (the server's keys changed): start over.
	if (sub && !sameKey(sub, key)) {
		await sub.unsubscribe();
		sub = null;
	}
	sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
	const res = await fetch('/api/push/subscriptions', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(sub.toJSON())
	});
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
		return {
			ok: false,
			message: body?.error?.message ?? m.ps_server_answered({ status: String(res.status) })
		};
	}
	return { ok: true, endpoint: sub.endpoint };
}

/** Turns push off here: on the server first (while still signed in), then in the browser. */
export async function disablePush(): Promise<void> {
	const sub = await currentSubscription();
	if (!sub) return;
	await fetch('/api/push/subscriptions', {
		method: 'DELETE',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ endpoint: sub.endpoint })
	}).catch(() => undefined);
	await sub.unsubscribe();
}
