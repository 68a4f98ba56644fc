import webpush from 'web-push';

export interface VapidSources {
	env: { publicKey?: string; privateKey?: string; subject?: string; origin?: string };
	stored: () => { publicKey?: string; privateKey?: string };
	store: (keys: { publicKey: string; privateKey: string }) => void;
	ownerEmail: () => string | null;
}

/**
 * The server's VAPID key pair: from VAPID_* when set, else generated once and kept in the
 * database, because a new pair would silently orphan every browser's subscription.
 */
export function vapidKeys(src: VapidSources): { publicKey: string; privateKey: string } {
	if (src.env.publicKey && src.env.privateKey)
		return { publicKey: src.env.publicKey, privateKey: src.env.privateKey };
	const stored = src.stored();
	if (stored.publicKey && stored.privateKey)
		return { publicKey: stored.publicKey, privateKey: stored.privateKey };
	const fresh = webpush.generateVAPIDKeys();
	src.store(fresh);
	return fresh;
}

/**
 * Push services want a way to reach the operator: VAPID_SUBJECT, else the https site, else
 * the owner's e-mail (asked each time: the owner may sign up after the server starts).
 */
export function vapidSubject(src: VapidSources): string {
	if (src.env.subject) return src.env.subject;
	if (src.env.origin?.startsWith('https://')) return src.env.origin;
	return `mailto:${src.ownerEmail() ?? 'owner@multiplug.invalid'}`;
}
