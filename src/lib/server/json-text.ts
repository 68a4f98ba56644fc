/** An answer already serialised as JSON (by the reads worker, off the main thread). */
export const jsonText = (text: string, headers: Record<string, string> = {}) =>
	new Response(text, { headers: { 'content-type': 'application/json', ...headers } });
