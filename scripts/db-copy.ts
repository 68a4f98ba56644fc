// npm run db:copy -- --from data/multiplug.db --to postgres://user:pass@host/db
// Moves a SQLite database into an empty PostgreSQL database and checks the copy (row
// counts and energy totals equal); on any difference nothing is kept. Stop the server
// that uses the SQLite file first, so nothing is written during the copy.
import { parseArgs } from 'node:util';
import { copyDatabase } from '../server/db/copy-database';
import { isPostgresUrl } from '../server/db/connection';

const { values } = parseArgs({
	options: { from: { type: 'string' }, to: { type: 'string' } }
});
if (!values.from || !values.to || !isPostgresUrl(values.to)) {
	console.error(
		'Usage: npm run db:copy -- --from data/multiplug.db --to postgres://user:pass@host/db'
	);
	process.exit(2);
}
try {
	const started = Date.now();
	const report = copyDatabase(values.from, values.to, (line) => console.log(line));
	const rows = report.tables.reduce((n, t) => n + t.rows, 0);
	const kwh = ((report.energyMj.energy_daily ?? 0) / 3_600_000_000).toFixed(3);
	console.log(
		`Copied ${rows} rows in ${report.tables.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
			`row counts and energy totals are equal (${kwh} kWh). Point DATABASE_URL at the new database.`
	);
	process.exit(0);
} catch (err) {
	console.error((err as Error).message);
	process.exit(1);
}
