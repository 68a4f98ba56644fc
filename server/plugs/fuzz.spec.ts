import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { frameSchema, MAX_PORTS } from '../ingest/frame.schema';
import { createPlugFamilies } from './index';
import type { Decoded, PlugFamily } from './plug-family';

/**
 * A decoder sees whatever anyone on the broker publishes. Whatever the bytes, it must not
 * throw, and everything it returns must be something the bridge can use as is: frames the
 * device API accepts, ports in range.
 */
const ROOT = fileURLToPath(new URL('../../tests/contract/plugs/', import.meta.url));
const AT = Date.parse('2025-11-27T08:00:00Z');
const encode = (s: string) => new TextEncoder().encode(s);

function goldenMessages(family: PlugFamily): { topic: string; payload: string }[] {
	const dir = `${ROOT}${family.id}/`;
	return readdirSync(dir).flatMap(
		(f) =>
			(
				JSON.parse(readFileSync(dir + f, 'utf8')) as {
					messages: { topic: string; payload: string }[];
				}
			).messages
	);
}

function expectUsable(out: Decoded[]): void {
	expect(Array.isArray(out)).toBe(true);
	for (const d of out) {
		switch (d.kind) {
			case 'frame':
				expect(frameSchema.safeParse(d.frame).success, JSON.stringify(d.frame)).toBe(true);
				break;
			case 'state':
				expect(d.port >= 1 && d.port <= MAX_PORTS).toBe(true);
				expect(typeof d.on).toBe('boolean');
				break;
			case 'sighting':
				expect(d.sighting.ports.every((p) => Number.isInteger(p) && p >= 1 && p <= MAX_PORTS)).toBe(
					true
				);
				break;
			case 'malformed':
				expect(typeof d.reason).toBe('string');
				break;
			case 'ignored':
				break;
			default:
				throw new Error(`unknown kind ${JSON.stringify(d)}`);
		}
	}
}

/** Replaces random leaves of a JSON value with anything JSON can hold. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
	if (Array.isArray(value)) return fc.tuple(...value.map(mutate)).map((xs) => xs);
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value);
		return fc
			.tuple(...entries.map(([, v]) => mutate(v)))
			.map((vs) => Object.fromEntries(entries.map(([k], i) => [k, vs[i]])));
	}
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constant(value) },
		fc.jsonValue(),
		fc.constantFrom(-1, 1e308, -0.5, 1e12, '', 'NaN', null)
	);
}

/** A topic shaped like the family's filters, with wildcards filled by strange levels. */
function topicFor(family: PlugFamily): fc.Arbitrary<string> {
	const level = fc.oneof(
		fc.string({ maxLength: 12 }),
		fc.constantFrom('switch:0', 'switch:99', 'POWER9', 'relay', '0', '7', '8', '')
	);
	return fc.oneof(
		fc.constantFrom(...family.filters).chain((f) =>
			fc.array(level, { minLength: 4, maxLength: 4 }).map((ls) => {
				let i = 0;
				return f.replace(/\+/g, () => ls[i++ % ls.length]!);
			})
		),
		fc.string({ maxLength: 40 })
	);
}

for (const family of createPlugFamilies()) {
	describe(`the ${family.id} family under random input`, () => {
		const golden = goldenMessages(family);

		it('never throws on random bytes or random JSON, and returns only usable items', () => {
			const f = createPlugFamilies().find((x) => x.id === family.id)!;
			const payload = fc.oneof(
				fc.uint8Array({ maxLength: 256 }),
				fc.json().map(encode),
				fc.string({ unit: 'grapheme', maxLength: 64 }).map(encode)
			);
			fc.assert(
				fc.property(topicFor(f), payload, fc.integer({ min: 0, max: 4e12 }), (topic, bytes, at) => {
					expectUsable(f.decode(topic, bytes, at));
				}),
				{ numRuns: 1500 }
			);
		});

		it('never throws on documented payloads with random fields changed', () => {
			const f = createPlugFamilies().find((x) => x.id === family.id)!;
			const jsonMessages = golden.filter((m) => m.payload.startsWith('{'));
			const mutated = fc
				.constantFrom(...jsonMessages)
				.chain((m) =>
					mutate(JSON.parse(m.payload)).map((v) => ({ topic: m.topic, payload: JSON.stringify(v) }))
				);
			fc.assert(
				fc.property(mutated, fc.integer({ min: 0, max: 4e12 }), (m, at) => {
					expectUsable(f.decode(m.topic, encode(m.payload), at));
				}),
				{ numRuns: 1500 }
			);
		});

		it('refuses a payload too large to be a plug’s, without reading it', () => {
			const f = createPlugFamilies().find((x) => x.id === family.id)!;
			const huge = new Uint8Array(1 << 20).fill(0x7b);
			for (const m of golden) {
				const out = f.decode(m.topic, huge, AT);
				expectUsable(out);
				expect(out.every((d) => d.kind === 'malformed' || d.kind === 'ignored')).toBe(true);
			}
		});

		it('builds commands for any plausible key without throwing', () => {
			const f = createPlugFamilies().find((x) => x.id === family.id)!;
			fc.assert(
				fc.property(
					fc.string({ minLength: 1, maxLength: 40 }),
					fc.integer({ min: 1, max: MAX_PORTS }),
					fc.boolean(),
					(key, port, on) => {
						const c = f.switchCommand(key, port, on);
						expect(typeof c.topic).toBe('string');
						expect(typeof c.payload).toBe('string');
						for (const p of f.pollCommands(key)) expect(typeof p.topic).toBe('string');
					}
				),
				{ numRuns: 200 }
			);
		});
	});
}
