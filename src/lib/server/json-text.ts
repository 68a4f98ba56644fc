/** An answer already serialised as JSON (by the reads worker, off the main thread). */
export const jsonText = (text: string, headers: Record<string, string> = {}) =>
	new Response(text, { headers: { 'content-type': 'application/json', ...headers } });

/** One JSON object made of several objects' texts (with distinct keys), none parsed again. */
export const joinedObjects = (...texts: string[]): string =>
	`{${texts
		.map((t) => t.slice(1, -1))
		.filter((inner) => inner !== '')
		.join(',')}}`;
