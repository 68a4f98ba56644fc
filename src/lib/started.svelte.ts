import { onMount } from 'svelte';

// After the first page has hydrated, pages are drawn on the phone from the start.
let appStarted = false;

/**
 * Whether the page runs on the phone yet. A long list's server render holds the server's one
 * thread for every other household, so the server draws a first screenful and the phone the
 * rest; the first client render must match the server's, so this turns true on mount.
 */
export function startedOnPhone(): { readonly yes: boolean } {
	let started = $state(appStarted);
	onMount(() => {
		started = appStarted = true;
	});
	return {
		get yes() {
			return started;
		}
	};
}
