// Loaded twice. As the page's async script (app.html) it starts itself as a worker and
// leaves `window.intlWarm`, a promise that settles when the worker is done; as that worker
// it builds a first number and date formatter, says so, and ends.
//
// Why: a page's first Intl object loads ICU's data for the whole renderer process: 30-70 ms
// on this project's test machine, four times that on a mid-range phone. The pages format
// numbers while they hydrate, so that cost fell on the main thread in hydration's long
// task. Paid on a worker thread, it leaves hydration's formatters well under a millisecond;
// hooks.client.ts waits for it (briefly) before hydrating.
if (typeof document !== 'undefined') {
	window.intlWarm = new Promise((done) => {
		try {
			const worker = new Worker(document.currentScript.src);
			worker.onmessage = worker.onerror = () => done();
		} catch {
			// No workers here: the first formatter pays, as it would have anyway.
			done();
		}
	});
} else {
	const locale = navigator.language;
	new Intl.NumberFormat(locale, { style: 'currency', currency: 'BDT' }).format(1.5);
	new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(
		0
	);
	postMessage('warm');
	close();
}
