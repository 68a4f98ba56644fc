/**
 * Runs `work` after the page has loaded and painted, when the main thread is idle (or after
 * `timeout` ms at the latest). Work that the first screen does not need — the live socket,
 * the sync loop, registering the service worker — waits for this, so it neither delays the
 * first paint nor the first read of the local database, and its long tasks do not land on a
 * phone while the page is still becoming usable. With `idle` false it runs right after that
 * paint, busy or not (the local database that pages read). Returns a function that cancels it.
 */
export function afterFirstPaint(work: () => void, timeout = 2000, idle = true): () => void {
	let done = false;
	let idleId: number | undefined;
	const timers: ReturnType<typeof setTimeout>[] = [];
	const run = () => {
		if (done) return;
		done = true;
		work();
	};
	const whenIdle = () => {
		if (done || idleId !== undefined) return;
		// Safari has no requestIdleCallback: a task after the paint is the next best thing.
		if (idle && 'requestIdleCallback' in window) idleId = requestIdleCallback(run, { timeout });
		else timers.push(setTimeout(run, 0));
	};
	let painted: PerformanceObserver | null = null;
	const afterLoad = () => {
		// A rAF callback runs before its frame is painted, so it is not yet "after the paint":
		// work started there (a chunk's download, a long task) still delays the first paint the
		// user sees. The browser's first-contentful-paint entry says the paint happened; where
		// there is none, the second frame after load comes after the first one's paint. A tab
		// loaded in the background gets no frames: the timeout starts the work anyway.
		const next = () => timers.push(setTimeout(whenIdle, 0));
		if (
			typeof PerformanceObserver !== 'undefined' &&
			PerformanceObserver.supportedEntryTypes?.includes('paint')
		) {
			painted = new PerformanceObserver((list) => {
				if (list.getEntriesByName('first-contentful-paint').length === 0) return;
				painted?.disconnect();
				next();
			});
			painted.observe({ type: 'paint', buffered: true });
		} else {
			requestAnimationFrame(() => requestAnimationFrame(next));
		}
		timers.push(setTimeout(run, timeout));
	};
	if (document.readyState === 'complete') afterLoad();
	else window.addEventListener('load', afterLoad, { once: true });
	return () => {
		done = true;
		window.removeEventListener('load', afterLoad);
		if (idleId !== undefined) cancelIdleCallback(idleId);
		painted?.disconnect();
		timers.forEach(clearTimeout);
	};
}
