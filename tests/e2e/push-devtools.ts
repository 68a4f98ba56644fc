import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';

type SW = ServiceWorkerGlobalScope;
interface Shown {
	title: string;
	body: string;
	tag: string;
	data: unknown;
}

/**
 * Chrome DevTools' "Push" button, scripted: delivers messages to the app's service worker
 * (`ServiceWorker.deliverPushMessage`), lists what it shows, and taps a notification. The
 * tap is a `notificationclick` dispatched in the worker, since no protocol command clicks a
 * notification; the worker's own handler does the rest.
 */
export async function pushDevTools(context: BrowserContext, page: Page, origin: string) {
	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string; scopeURL: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
	await cdp.send('ServiceWorker.enable');
	await expect.poll(() => registrations.some((r) => r.scopeURL === `${origin}/`)).toBe(true);
	const registrationId = registrations.find((r) => r.scopeURL === `${origin}/`)!.registrationId;
	const worker = async () => {
		await expect.poll(() => context.serviceWorkers().length).toBeGreaterThan(0);
		// A stopped worker is restarted for each event: the newest is the one running.
		return context.serviceWorkers().at(-1)!;
	};
	const send = (data: { tag: string }) =>
		cdp.send('ServiceWorker.deliverPushMessage', {
			origin,
			registrationId,
			data: JSON.stringify(data)
		});
	const tools = {
		/**
		 * Delivers a message and returns once its notification shows. Chromium drops a
		 * DevTools delivery now and then right after the page loads (1 in 5 runs here, the
		 * worker running and activated, no error returned), so an unseen one is sent again:
		 * the same tag replaces, never adds, a notification.
		 */
		async deliver(data: { tag: string }): Promise<void> {
			for (let attempt = 0; attempt < 3; attempt++) {
				await send(data);
				const until = Date.now() + 5000;
				while (Date.now() < until) {
					if ((await tools.shown()).some((n) => n.tag === data.tag)) return;
					await new Promise((r) => setTimeout(r, 100));
				}
			}
		},
		/** What the worker shows: asked through an app page when one is open, else the worker. */
		shown: async (): Promise<Shown[]> => {
			const app = context.pages().find((p) => p.url().startsWith(origin));
			const list = app
				? await app.evaluate(async () =>
						(await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
							title: n.title,
							body: n.body,
							tag: n.tag,
							data: n.data as unknown
						}))
					)
				: await (
						await worker()
					).evaluate(async () =>
						(await (self as unknown as SW).registration.getNotifications()).map((n) => ({
							title: n.title,
							body: n.body,
							tag: n.tag,
							data: n.data as unknown
						}))
					);
			return list;
		},
		tap: async (action: '' | 'open' | 'acknowledge') =>
			(await worker()).evaluate(async (action) => {
				const sw = self as unknown as SW;
				const [notification] = await sw.registration.getNotifications();
				sw.dispatchEvent(
					new NotificationEvent('notificationclick', { notification: notification!, action })
				);
			}, action)
	};
	return tools;
}
