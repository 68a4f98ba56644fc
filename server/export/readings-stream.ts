/**
 * Raw readings as a byte stream that never holds the range in memory. Rows come from a
 * better-sqlite3 `.iterate()` cursor on a separate read-only connection: an open cursor
 * keeps its connection busy, and the app's connection must stay free for ingestion
 * between chunks. The stream is pull-based, so the next chunk is read only when the
 * HTTP response has drained the last one (backpressure end to end).
 */
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';

export interface RawRow {
	device_id: number;
	device: string;
	port: number;
	ts: number;
	voltage: number;
	current: number;
	power: number;
	pf: number | null;
	energy_wh: number | null;
	relay: number | null;
}

export const READINGS_CSV_HEADER = [
	'Device',
	'Port',
	'Time (UTC)',
	'Timestamp (ms)',
	'Voltage (V)',
	'Current (A)',
	'Power (W)',
	'Power factor',
	'Energy counter (Wh)',
	'Relay'
];

const CHUNK_ROWS = 2000;

function* rowsOf(
	db: Database.Database,
	ownerId: number,
	start: number,
	end: number
): Generator<RawRow> {
	const ports = db
		.prepare(
			`SELECT d.id, d.name, p.port FROM devices d JOIN ports p ON p.device_id = d.id
			 WHERE d.owner_id = ? ORDER BY d.id, p.port`
		)
		.all(ownerId) as { id: number; name: string; port: number }[];
	// One primary-key range per port, so rows come out in key order without a sort.
	const stmt = db.prepare(
		`SELECT device_id, ? AS device, port, ts, voltage, current, power, pf, energy_wh, relay
		 FROM readings WHERE device_id = ? AND port = ? AND ts >= ? AND ts < ? ORDER BY ts`
	);
	for (const p of ports) yield* stmt.iterate(p.name, p.id, p.port, start, end) as Iterable<RawRow>;
}

const csvLine = (r: RawRow) => [
	r.device,
	r.port,
	new Date(r.ts).toISOString(),
	r.ts,
	r.voltage,
	r.current,
	r.power,
	r.pf ?? '',
	r.energy_wh ?? '',
	r.relay === null ? '' : r.relay ? 'on' : 'off'
];

const jsonRow = (r: RawRow) =>
	JSON.stringify({
		device_id: r.device_id,
		device: r.device,
		port: r.port,
		ts: r.ts,
		time: new Date(r.ts).toISOString(),
		voltage: r.voltage,
		current: r.current,
		power: r.power,
		pf: r.pf,
		energy_wh: r.energy_wh,
		relay: r.relay === null ? null : r.relay === 1
	});

export function streamReadings(
	dbPath: string,
	ownerId: number,
	start: number,
	end: number,
	format: 'csv' | 'json'
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let db: Database.Database | null = null;
	let rows: Generator<RawRow> | null = null;
	let first = true;
	const close = () => {
		rows?.return(undefined);
		db?.close();
		db = null;
	};
	return new ReadableStream<Uint8Array>(
		{
			start() {
				db = new Database(dbPath, { readonly: true, fileMustExist: true });
				db.pragma('busy_timeout = 5000');
				rows = rowsOf(db, ownerId, start, end);
			},
			pull(controller) {
				const batch: RawRow[] = [];
				for (let next = rows!.next(); !next.done; next = rows!.next()) {
					batch.push(next.value);
					if (batch.length === CHUNK_ROWS) break;
				}
				let text: string;
				if (format === 'csv') {
					text = stringify(batch.map(csvLine), {
						header: first,
						columns: first ? READINGS_CSV_HEADER : undefined
					});
				} else {
					text =
						(first ? '[' : '') +
						batch.map((r, i) => (first && i === 0 ? '' : ',') + '\n' + jsonRow(r)).join('');
				}
				first = false;
				if (batch.length < CHUNK_ROWS) {
					if (format === 'json') text += '\n]\n';
					if (text) controller.enqueue(encoder.encode(text));
					close();
					controller.close();
					return;
				}
				controller.enqueue(encoder.encode(text));
			},
			cancel: close
		},
		{ highWaterMark: 1 }
	);
}
