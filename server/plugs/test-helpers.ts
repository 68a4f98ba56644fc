import type { FrameInput } from '../ingest/frame.schema';
import type { Decoded, PlugFamily } from './plug-family';

/** Decodes a text payload, as the bridge would hand it over. */
export function decodeText(
	family: PlugFamily,
	topic: string,
	payload: string,
	at: number
): Decoded[] {
	return family.decode(topic, new TextEncoder().encode(payload), at);
}

export function framesOf(decoded: Decoded[]): FrameInput[] {
	return decoded.flatMap((d) => (d.kind === 'frame' ? [d.frame] : []));
}

export function kinds(decoded: Decoded[]): string[] {
	return decoded.map((d) => d.kind);
}
