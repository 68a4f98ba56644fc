'use strict';
/**
 * The thread that holds a process's PostgreSQL connection for PgDatabase. One request at a
 * time: the caller waits (Atomics.wait on `flag`) until the reply is on `port`. Plain
 * CommonJS so that it runs as is from source and from the bundle, which copies it.
 */
const { workerData } = require('node:worker_threads');
const pg = require('pg');

const { port, flag, url, statementTimeoutMs, connectTimeoutMs, applicationName } = workerData;

// Counts and sums come back as int8/numeric; every figure the app keeps fits a double
// exactly (integer paisa, mJ, ms), and SQLite hands them back as numbers too.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

let client = null;
let connecting = null;

function connection() {
	if (client) return Promise.resolve(client);
	if (connecting) return connecting;
	const c = new pg.Client({
		connectionString: url,
		statement_timeout: statementTimeoutMs,
		connectionTimeoutMillis: connectTimeoutMs,
		application_name: applicationName,
		keepAlive: true
	});
	c.on('error', () => {
		if (client === c) client = null;
	});
	connecting = c.connect().then(
		() => {
			connecting = null;
			client = c;
			return c;
		},
		(err) => {
			connecting = null;
			c.end().catch(() => {});
			throw err;
		}
	);
	return connecting;
}

function reply(message) {
	port.postMessage(message);
	Atomics.store(flag, 0, 1);
	Atomics.notify(flag, 0);
}

port.on('message', async (m) => {
	if (m.op === 'close') {
		const c = client;
		client = null;
		if (c) await c.end().catch(() => {});
		reply({ id: m.id });
		port.close();
		return;
	}
	try {
		const c = await connection();
		const r =
			m.op === 'exec'
				? await c.query({ text: m.text })
				: await c.query({ text: m.text, values: m.values, name: m.name, rowMode: m.rowMode });
		// A multi-statement exec answers with one result per statement.
		const last = Array.isArray(r) ? r[r.length - 1] : r;
		reply({ id: m.id, rows: (last && last.rows) || [], rowCount: (last && last.rowCount) || 0 });
	} catch (err) {
		// A broken connection is dropped; the next request opens a new one.
		if (!err.code || err.code.length !== 5 || /^(08|57P)/.test(err.code)) {
			const c = client;
			client = null;
			if (c) c.end().catch(() => {});
		}
		reply({ id: m.id, error: { message: err.message, code: err.code || null } });
	}
});
