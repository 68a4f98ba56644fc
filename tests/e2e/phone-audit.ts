import type { Page } from '@playwright/test';

export interface TooSmall {
	what: string;
	width: number;
	height: number;
}

/**
 * Every visible control a thumb can hit, measured as the browser lays it out, with the ones
 * under 44 × 44 CSS px listed. Two kinds are measured by what a tap actually hits:
 * - a checkbox or radio inside its label: the label is the target (a tap on it toggles);
 * - a link inside a sentence (a `p`, `li` or table cell with other text around it): WCAG
 *   2.5.5 and 2.5.8 except inline targets, whose size the line of text sets; they are
 *   left out, and only they.
 */
export function smallTargets(page: Page): Promise<TooSmall[]> {
	return page.evaluate(() => {
		const selector =
			'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="switch"], [role="button"], [tabindex]:not([tabindex="-1"])';
		const out: { what: string; width: number; height: number }[] = [];
		const inSentence = (el: Element) => {
			if (el.tagName !== 'A') return false;
			const block = el.closest('p, li, td, dd');
			if (!block) return false;
			const own = (el.textContent ?? '').trim();
			const all = (block.textContent ?? '').replace(/\s+/g, ' ').trim();
			return all.length > own.length + 1;
		};
		for (const el of document.querySelectorAll(selector)) {
			const style = getComputedStyle(el);
			if (style.visibility === 'hidden' || style.display === 'none') continue;
			let target: Element = el;
			if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
				target = el.closest('label') ?? el;
			}
			const r = target.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			// The skip link waits off screen until it is focused.
			if (r.right <= 0 || r.bottom <= 0) continue;
			if (inSentence(el)) continue;
			if (r.width < 44 || r.height < 44) {
				const name =
					el.getAttribute('aria-label') ??
					(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40) ??
					'';
				out.push({
					what: `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''} "${name || (el as HTMLInputElement).name || ''}"`,
					width: Math.round(r.width),
					height: Math.round(r.height)
				});
			}
		}
		return out;
	});
}

/** How far the page reaches past the screen's right edge (0: it fits). */
export function overflow(page: Page): Promise<number> {
	return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}
