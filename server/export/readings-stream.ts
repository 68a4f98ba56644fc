import type { Db, ReadConnections } from '../db/connection';
/**
 * Raw readings as a byte stream that never holds the range in memory. Rows are read a
 * chunk at a time, each chunk its own short read on a separate read-only connection (with
 * a small page cache, so a one-pass scan leaves the app connection's cache alone). No read
 * transaction spans the wait for the client: a cursor left open while a client paused kept
 * a WAL snapshot, so checkpoints could not pass it and the WAL grew for as long as it
 * waited. An export is thus a series of snapshots (docs/decisions.md). The stream is
 * pull-based, so the next chunk is read only when the HTTP response has drained the last
 * one (backpressure end to end), and each chunk waits for a turn of the event loop, so an
 * export shares the process with everything else.
 */
import { stringify } from 'csv-stringify/sync';
import { csvText } from './csv-text';
import { createReadingsExportRepository, type RawRow } from './readings-export.repository';

export type { RawRow };

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

// Small chunks keep each chunk's garbage young. The server runs with a small young
// generation (package.json's start script); a chunk still being built when a scavenge runs
// survives it, and 512-row chunks pushed enough into the old space to lift a million-row
// export's peak RSS by 15-30 MB (CSV) and 50-60 MB (JSON) over 64-row chunks (measured with
// 1 MB semi-spaces), for no measurable gain in throughput.
const CHUNK_ROWS = 64;

/**
 * The next rows after a key, each call its own short read. `.all()` runs a statement to its
 * end, so no read transaction (and no WAL snapshot) outlives the call: an open cursor left
 * waiting on a slow client kept its snapshot, and no checkpoint could pass it.
 */
function pager(
	db: Db,
	ownerId: number,
	start: number,
	end: number,
	label: (deviceName: string) => string
) {
	const repo = createReadingsExportRepository(db);
	const ports = repo.ports(ownerId).map((p) => ({ id: p.id, label: label(p.name), port: p.port }));
	let index = 0;
	let after = start - 1; // ts is in whole ms: after start - 1 is from start on
	return {
		/** Up to `limit` rows; fewer only once the range is exhausted. */
		next(limit: number): RawRow[] {
			const rows: RawRow[] = [];
			while (rows.length < limit && index < ports.length) {
				const p = ports[index]!;
				const want = limit - rows.length;
				const got = repo.page(p.label, p.id, p.port, after, end, want);
				for (const row of got) rows.push(row);
				if (got.length < want) {
					index++;
					after = start - 1;
				} else {
					after = got[got.length - 1]![3];
				}
			}
			return rows;
		}
	};
}

/** One CSV field as csv-stringify quotes it (a device name may hold commas and quotes). */
const csvField = (text: string) => stringify([[csvText(text)]], { eof: false });

// Numbers go through JSON.stringify, which prints the same digits as String(). String(),
// `+` and template literals cache a number's string in V8's number-string cache, which
// lives in the old generation, so V8 allocates that string there directly: seven numbers a
// row made a million rows leave ~200 MB of old-space garbage that only a full GC frees,
// and the heap grew by ~40 MB before one ran. JSON.stringify writes digits into its own
// output, which dies young. (Ingestion bounds every field and SQLite stores no NaN, so
// JSON's null for a non-finite number never applies.)
const num = (n: number | null) => (n === null ? '' : JSON.stringify(n));

/** A CSV line; `device` is already a CSV field (see `csvField`). */
const csvLine = ([, device, port, ts, voltage, current, power, pf, energyWh, relay]: RawRow) =>
	`${device},${num(port)},${new Date(ts).toISOString()},${num(ts)},${num(voltage)},` +
	`${num(current)},${num(power)},${num(pf)},${num(energyWh)},` +
	`${relay === null ? '' : relay ? 'on' : 'off'}\n`;

const jsonRow = ([
	deviceId,
	device,
	port,
	ts,
	voltage,
	current,
	power,
	pf,
	energyWh,
	relay
]: RawRow) =>
	JSON.stringify({
		device_id: deviceId,
		device,
		port,
		ts,
		time: new Date(ts).toISOString(),
		voltage,
		current,
		power,
		pf,
		energy_wh: energyWh,
		relay: relay === null ? null : relay === 1
	});

/**
 * What this process's readings exports are doing, for /metrics: how many are open (each
 * holds a read-only connection) and how many rows they have read in all. A client that goes
 * away cancels its stream, which closes the connection: both figures then stop moving.
 */
export const exportActivity = { open: 0, rowsRead: 0 };

export function streamReadings(
	connections: ReadConnections,
	ownerId: number,
	start: number,
	end: number,
	format: 'csv' | 'json'
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let db: Db | null = null;
	let rows: ReturnType<typeof pager> | null = null;
	let first = true;
	const close = () => {
		if (db) exportActivity.open--;
		rows = null;
		if (db) connections.release(db);
		db = null;
	};
	return new ReadableStream<Uint8Array>(
		{
			start() {
				db = connections.open();
				exportActivity.open++;
				rows = pager(db, ownerId, start, end, format === 'csv' ? csvField : (name) => name);
			},
			async pull(controller) {
				// A client that reads as fast as rows are formatted never makes res.write ask to
				// wait, and reading and writing would then chain in microtasks: one export held
				// the event loop for its whole length (a /health request waited 7.5 s behind a
				// million rows, and ingestion with it). setImmediate lets I/O and timers in.
				await new Promise<void>((resume) => setImmediate(resume));
				if (!rows) return; // cancelled meanwhile
				const batch = rows.next(CHUNK_ROWS);
				exportActivity.rowsRead += batch.length;
				let text: string;
				if (format === 'csv') {
					text = (first ? stringify([READINGS_CSV_HEADER]) : '') + batch.map(csvLine).join('');
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
