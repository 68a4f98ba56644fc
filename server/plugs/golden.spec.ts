import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection';
import { defaultEnergyOptions } from '../energy/interval';
import { EnergyLedger } from '../energy/ledger';
import { createReadingsRepository, type StoredReading } from '../energy/readings.repository';
import { MJ_PER_WH } from '../energy/units';
import { frameSchema } from '../ingest/frame.schema';
import { createPlugFamilies } from './index';
import type { Decoded } from './plug-family';
import { countedWh } from './test-helpers';
import { topicMatches } from './topic-filter';

/**
 * The golden sequences in tests/contract/plugs/<family>/: payloads as each family's
 * documentation shows them on the wire, run through the family and the energy ledger's
 * interval rule, summed per port in time order as the ledger sums them.
 */
interface Golden {
	description: string;
	key: string;
	messages: { at: number; topic: string; payload: string }[];
	plug_clock?: boolean;
	truth: Record<string, { wh: number; counted_wh: number; error_at_most_wh: number }>;
}

const ROOT = fileURLToPath(new URL('../../tests/contract/plugs/', import.meta.url));
const encode = (s: string) => new TextEncoder().encode(s);

/** Wh per port after the frames went through the real ledger into an in-memory SQLite. */
function ledgerWh(decoded: Decoded[]): Map<number, number> {
	const db = openDatabase(':memory:');
	try {
		db.prepare(
			`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (1, 'plug', 8, 'h', 0)`
		).run();
		const ledger = new EnergyLedger(
			db,
			createReadingsRepository(db),
			() => defaultEnergyOptions,
			() => 'Asia/Dhaka'
		);
		for (const d of decoded) {
			if (d.kind !== 'frame') continue;
			const f = frameSchema.parse(d.frame);
			const readings: StoredReading[] = f.ports.map((p) => ({
				deviceId: 1,
				port: p.port,
				ts: f.ts,
				voltage: p.voltage,
				current: p.current,
				power: p.power,
				pf: p.pf ?? null,
				energyWh: p.energy_wh ?? null,
				epoch: p.epoch ?? null,
				relay: p.relay ?? null,
				seq: null,
				receivedAt: f.ts
			}));
			ledger.record(1, readings);
		}
		const rows = db
			.prepare(`SELECT port, COALESCE(SUM(energy_mj), 0) AS mj FROM energy_daily GROUP BY port`)
			.all() as { port: number; mj: number }[];
		return new Map(rows.map((r) => [r.port, r.mj / MJ_PER_WH]));
	} finally {
		db.close();
	}
}

for (const family of createPlugFamilies()) {
	const dir = `${ROOT}${family.id}/`;
	const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

	describe(`${family.id} golden payloads`, () => {
		it('has at least one golden sequence', () => {
			expect(files.length).toBeGreaterThan(0);
		});

		for (const file of files) {
			const golden = JSON.parse(readFileSync(dir + file, 'utf8')) as Golden;

			it(`${file}: every topic is one the family subscribes to`, () => {
				for (const m of golden.messages) {
					expect(
						family.filters.some((f) => topicMatches(f, m.topic)),
						m.topic
					).toBe(true);
				}
			});

			it(`${file}: counts the ground truth's energy, within one interval across a reset`, () => {
				const fresh = createPlugFamilies().find((f) => f.id === family.id)!;
				const decoded = golden.messages.flatMap((m) =>
					fresh.decode(m.topic, encode(m.payload), m.at)
				);
				expect(decoded.filter((d) => d.kind === 'malformed')).toEqual([]);
				for (const d of decoded) {
					if (d.kind === 'frame' || d.kind === 'state') expect(d.key).toBe(golden.key);
				}
				const counted = countedWh(decoded);
				expect([...counted.keys()].sort()).toEqual(Object.keys(golden.truth).map(Number).sort());
				for (const [port, truth] of Object.entries(golden.truth)) {
					const wh = counted.get(Number(port))!;
					expect(wh, `port ${port}`).toBeCloseTo(truth.counted_wh, 3);
					expect(Math.abs(wh - truth.wh), `port ${port}`).toBeLessThanOrEqual(
						truth.error_at_most_wh + 1e-3
					);
				}
			});

			it(`${file}: gives the same energy through the real ledger on SQLite`, () => {
				const fresh = createPlugFamilies().find((f) => f.id === family.id)!;
				const decoded = golden.messages.flatMap((m) =>
					fresh.decode(m.topic, encode(m.payload), m.at)
				);
				const stored = ledgerWh(decoded);
				for (const [port, truth] of Object.entries(golden.truth)) {
					expect(stored.get(Number(port)) ?? 0, `port ${port}`).toBeCloseTo(truth.counted_wh, 3);
				}
			});

			it(`${file}: stamps frames with ${golden.plug_clock ? 'the plug’s clock' : 'the arrival time'}`, () => {
				const fresh = createPlugFamilies().find((f) => f.id === family.id)!;
				for (const m of golden.messages) {
					for (const d of fresh.decode(m.topic, encode(m.payload), m.at)) {
						if (d.kind !== 'frame') continue;
						if (golden.plug_clock) {
							expect(d.frame.ts).toBeLessThan(m.at);
							expect(m.at - d.frame.ts).toBeLessThan(1000);
						} else {
							expect(d.frame.ts).toBe(m.at);
						}
					}
				}
			});
		}
	});
}
