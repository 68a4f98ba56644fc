// npm run backup -- FILE
// An online backup of the SQLite database (SQLite's backup API through better-sqlite3):
// consistent while the server keeps writing. Restore by pointing DB_PATH at FILE.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { loadConfig } from '../server/config';

const target = process.argv[2];
if (!target) {
	console.error('Usage: npm run backup -- FILE');
	process.exit(2);
}
const config = loadConfig();
if (!existsSync(config.DB_PATH)) {
	console.error(`No database at ${config.DB_PATH} (set DB_PATH).`);
	process.exit(2);
}
const db = new Database(config.DB_PATH, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
	const { totalPages } = await db.backup(target);
	console.log(`Backed up ${config.DB_PATH} to ${target} (${totalPages} pages).`);
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	db.close();
}
