// Prerendered at build time and precached: what a navigation shows with no network and no
// earlier copy of the page.
export const prerender = true;
