// Loads ICU's data on a worker while the page loads (why: docs/decisions.md, "ICU's data").
// As the page's async script it starts itself as a worker; as that worker it warms Intl.
if (typeof document !== 'undefined') {
	window.intlWarm = new Promise((done) => {
		try {
			const worker = new Worker(document.currentScript.src);
			worker.onmessage = worker.onerror = () => done();
		} catch {
			done();
		}
	});
} else {
	const locale = navigator.language;
	new Intl.NumberFormat(locale, { style: 'currency', currency: 'BDT' }).format(1.5);
	new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(0);
	postMessage('warm');
	close();
}
