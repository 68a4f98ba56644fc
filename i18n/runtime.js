// The message runtime the compiled messages import (copied over Paraglide's own by
// scripts/compile-messages.js). The app decides the language itself (src/lib/i18n.svelte.ts,
// src/lib/server/language.ts; server/ passes it to each message), so it needs only this:
// Paraglide's runtime, with URL, cookie and storage strategies we do not use, weighed
// 3.9 kB gzip of the first load.

/** @typedef {"en" | "bn"} Locale */
/** @typedef {string & { readonly __brand: 'LocalizedString' }} LocalizedString */
/**
 * @template Inputs
 * @template Options
 * @template [Markup = Record<string, unknown>]
 * @typedef {{ readonly __paraglide?: { inputs: Inputs; options: Options; markup: Markup } }} MessageMetadata
 */

export const baseLocale = 'en';
export const locales = /** @type {const} */ (['en', 'bn']);
/** @type {Locale | undefined} */
export const experimentalStaticLocale = undefined;

/** @type {() => Locale} */
let current = () => baseLocale;

/** The language a message without `{ locale }` speaks. */
export const getLocale = () => current();

/** @param {() => Locale} fn */
export function overwriteGetLocale(fn) {
	current = fn;
}
