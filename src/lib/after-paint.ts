/**
 * Runs `work` after the page has loaded and painted, when the main thread is idle (or after
 * `timeout` ms at the latest). Work that the first screen does not need — the live socket,
 * the sync loop, registering the service worker — waits for this, so it neither delays the
 * first paint nor the first read of the local database, and its long tasks do not land on a
 * phone while the page is still becoming usable. Returns a function that cancels it.
 */
export function afterFirstPaint(work: () => void, timeout = 2000): () => void {
	let done = false;
	let idle: number | undefined;
	const timers: ReturnType<typeof setTimeout>[] = [];
	const run = () => {
		if (done) return;
		done = true;
		work();
	};
	const whenIdle = () => {
		if (done || idle !== undefined) return;
		// Safari has no requestIdleCallback: a task after the paint is the next best thing.
		if ('requestIdleCallback' in window) idle = requestIdleCallback(run, { timeout });
		else timers.push(setTimeout(run, 0));
	};
	const afterLoad = () => {
		// The frame after load has been painted once its rAF callback's task has run. A tab
		// loaded in the background gets no frames: the timeout starts the work anyway.
		requestAnimationFrame(() => timers.push(setTimeout(whenIdle, 0)));
		timers.push(setTimeout(run, timeout));
	};
	if (document.readyState === 'complete') afterLoad();
	else window.addEventListener('load', afterLoad, { once: true });
	return () => {
		done = true;
		window.removeEventListener('load', afterLoad);
		if (idle !== undefined) cancelIdleCallback(idle);
		timers.forEach(clearTimeout);
	};
}
