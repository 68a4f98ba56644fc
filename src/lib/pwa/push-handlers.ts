/// <reference lib="webworker" />
import { LocalDb } from '$lib/db/local-db';
import { enqueue } from '$lib/sync/outbox';
import * as m from '$i18n/messages';
import type { PushPayload } from '$server/push/payload';
import { isLocale, preferredLocale, type Locale } from '$server/settings/locale';

/**
 * The service worker's half of push: show what the server sent, and act on a
 * tap — open the alert, or acknowledge it without opening the app.
 */
export function installPushHandlers(sw: ServiceWorkerGlobalScope): void {
	sw.addEventListener('push', (event) => {
		const p = readPayload(event.data, sw.navigator.languages);
		// The server wrote the text in the recipient's language; the buttons follow it.
		const o = { locale: p.lang ?? preferredLocale(sw.navigator.languages) };
		event.waitUntil(
			sw.registration.showNotification(p.title, {
				body: p.body,
				icon: '/icons/icon-192.png',
				badge: '/icons/badge-96.png',
				// One per rule and port on the phone: a newer alert replaces the older one quietly.
				tag: p.tag,
				requireInteraction: p.severity === 'CRITICAL',
				data: { url: p.url, alertId: p.alertId },
				actions:
					p.alertId === null
						? []
						: [
								{ action: 'acknowledge', title: m.push_ack({}, o) },
								{ action: 'open', title: m.push_open({}, o) }
							]
			} as NotificationOptions)
		);
	});

	sw.addEventListener('notificationclick', (event) => {
		const n = event.notification;
		const data = (n.data ?? {}) as { url?: string; alertId?: number | null };
		n.close();
		if (event.action === 'acknowledge' && typeof data.alertId === 'number') {
			event.waitUntil(acknowledge(sw, data.alertId));
			return;
		}
		event.waitUntil(openPage(sw, data.url ?? '/alerts'));
	});
}

function readPayload(data: PushMessageData | null, langs: readonly string[]): PushPayload {
	try {
		const p = data?.json() as Partial<PushPayload> | undefined;
		if (p && typeof p.title === 'string') {
			return {
				title: p.title,
				body: p.body ?? '',
				alertId: typeof p.alertId === 'number' ? p.alertId : null,
				url: typeof p.url === 'string' && p.url.startsWith('/') ? p.url : '/alerts',
				tag: p.tag ?? 'alert',
				severity: p.severity ?? 'INFO',
				lang: isLocale(p.lang) ? p.lang : undefined
			};
		}
	} catch {
		// Not JSON: still show something, since a push must always show a notification.
	}
	const locale: Locale = preferredLocale(langs);
	return {
		title: m.app_name({}, { locale }),
		body: data?.text() || m.push_fallback_body({}, { locale }),
		alertId: null,
		url: '/alerts',
		tag: 'alert',
		severity: 'INFO',
		lang: locale
	};
}

/** An open window of the app goes to the page (and forward); else a new one opens. */
async function openPage(sw: ServiceWorkerGlobalScope, path: string): Promise<void> {
	const url = new URL(path, sw.location.origin).href;
	const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const open = windows.find((w) => w.url === url) ?? windows[0];
	// navigate() works only in a window this worker controls: one that is not (a hard reload
	// bypasses the worker) would reject, and the tap would do nothing. It gets a new window.
	const target = open && (open.url === url ? open : await open.navigate(url).catch(() => null));
	if (target) await target.focus().catch(() => undefined);
	else await sw.clients.openWindow(url);
}

/**
 * Straight to the server when it answers; otherwise through the app's outbox, which
 * replays it (once, by op id) when the app is next open with a network.
 */
async function acknowledge(sw: ServiceWorkerGlobalScope, alertId: number): Promise<void> {
	const id = crypto.randomUUID();
	try {
		const res = await fetch('/api/outbox', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			credentials: 'same-origin',
			body: JSON.stringify({ ops: [{ id, type: 'alert.acknowledge', alertId }] })
		});
		// Signed out since: nothing of that user's to keep on this browser.
		if (res.ok || res.status === 401) return;
	} catch {
		// no network
	}
	const db = new LocalDb();
	try {
		await enqueue(db, { type: 'alert.acknowledge', alertId });
	} finally {
		db.close();
	}
	// An open app shows the change as pending and sends it as soon as it can. A tab opened
	// before this worker took charge is not controlled by it, and must hear it too.
	for (const client of await sw.clients.matchAll({ type: 'window', includeUncontrolled: true }))
		client.postMessage({ type: 'OUTBOX_CHANGED' });
}
