import type { ClientInit } from '@sveltejs/kit';

/** How long hydration waits for Intl's warm-up at most: on a slow start, not worth more. */
const WARM_WAIT_MS = 300;

/**
 * Before hydrating, let the worker started by static/intl-warm.js finish loading ICU's data
 * (see there): the main thread is idle meanwhile, and hydration's first number formatter no
 * longer costs it tens of milliseconds in one long task.
 */
export const init: ClientInit = async () => {
	if (!window.intlWarm) return;
	await Promise.race([window.intlWarm, new Promise((r) => setTimeout(r, WARM_WAIT_MS))]);
};
