/** Chromium's install offer; not in TypeScript's DOM library. */
interface InstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** What this browser lets the app offer: its own install button, a hint, or nothing. */
export type InstallWay = 'prompt' | 'ios-hint' | 'installed' | 'none';

export function isIos(ua = navigator.userAgent, touchPoints = navigator.maxTouchPoints): boolean {
	// iPadOS asks for desktop pages and says "Macintosh"; only its touch screen gives it away.
	return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && touchPoints > 1);
}

function standalone(): boolean {
	return (
		window.matchMedia?.('(display-mode: standalone)').matches ||
		(navigator as Navigator & { standalone?: boolean }).standalone === true
	);
}

/**
 * The browser offers installing once per page load (`beforeinstallprompt`), usually before
 * any page that shows the button is open: it is caught from the start and kept here.
 */
class InstallOffer {
	private event: InstallPromptEvent | null = null;
	way = $state<InstallWay>('none');
	private listening = false;

	listen(): void {
		if (this.listening || typeof window === 'undefined') return;
		this.listening = true;
		this.way = standalone() ? 'installed' : isIos() ? 'ios-hint' : 'none';
		window.addEventListener('beforeinstallprompt', (e) => {
			// The app shows its own button instead of the browser's mini-infobar.
			e.preventDefault();
			this.event = e as InstallPromptEvent;
			this.way = 'prompt';
		});
		window.addEventListener('appinstalled', () => {
			this.event = null;
			this.way = 'installed';
		});
	}

	/** Shows the browser's install dialog; true when the person accepted. */
	async install(): Promise<boolean> {
		const e = this.event;
		if (!e) return false;
		// The browser's offer is good for one prompt only.
		this.event = null;
		await e.prompt();
		const { outcome } = await e.userChoice;
		this.way = outcome === 'accepted' ? 'installed' : 'none';
		return outcome === 'accepted';
	}
}

export const installOffer = new InstallOffer();
