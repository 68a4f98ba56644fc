/**
 * Reading what a plug published, defensively: a payload is whatever bytes anyone on the
 * broker sent, so nothing here throws and nothing trusts a shape it has not checked.
 */

/** Longer payloads are not a plug's: the largest documented one (a full status) is ~4 kB. */
export const MAX_PAYLOAD_BYTES = 16_384;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The payload as text, or null when it is too long to be a plug's. */
export function payloadText(payload: Uint8Array): string | null {
	if (payload.byteLength > MAX_PAYLOAD_BYTES) return null;
	return utf8.decode(payload);
}

/** Parsed JSON, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A finite number, or undefined for anything else (strings, NaN, Infinity, null). */
export function finite(x: unknown): number | undefined {
	return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

const DECIMAL = /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/;

/** A number written as plain text ("12.34"), as Shelly Gen1 and ESPHome publish; else undefined. */
export function decimalText(text: string): number | undefined {
	if (!DECIMAL.test(text)) return undefined;
	return finite(Number(text));
}

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO 8601 time that names its offset from UTC, as ms; undefined for a local time
 * without offset (Tasmota's default `Time`), which cannot be placed on the UTC line.
 */
export function absoluteIsoTime(x: unknown): number | undefined {
	if (typeof x !== 'string' || x.length > 40 || !OFFSET.test(x)) return undefined;
	return finite(Date.parse(x));
}

/** The text of a one-word ON/OFF payload, in the spellings these firmwares use. */
export function onOff(text: string): boolean | undefined {
	const t = text.trim().toLowerCase();
	if (t === 'on' || t === 'true' || t === '1') return true;
	if (t === 'off' || t === 'false' || t === '0') return false;
	return undefined;
}
