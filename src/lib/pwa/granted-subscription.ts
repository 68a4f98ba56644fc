/**
 * This browser's push subscription, looked up only where one can exist: with the
 * notification permission granted. Elsewhere the push code (a chunk of its own) is not
 * loaded at all, which keeps it out of every first load.
 */
export async function grantedSubscription(): Promise<PushSubscription | null> {
	if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return null;
	const { currentSubscription } = await import('./push-client');
	return currentSubscription();
}
