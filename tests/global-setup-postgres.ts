import setup from './global-setup';
import { startPostgres } from './helpers/postgres';

/**
 * The integration suite once more, against PostgreSQL: one embedded cluster for the run,
 * a fresh database for every server a test starts (tests/helpers/server.ts).
 */
export default async function setupPostgres(): Promise<() => Promise<void>> {
	await setup();
	const pg = await startPostgres();
	process.env.TEST_PG_URL = pg.baseUrl;
	return () => pg.stop();
}
