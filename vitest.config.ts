import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The SvelteKit aliases, for client modules tested without the SvelteKit plugin.
const alias = {
	$lib: fileURLToPath(new URL('./src/lib', import.meta.url)),
	$server: fileURLToPath(new URL('./server', import.meta.url)),
	$i18n: fileURLToPath(new URL('./i18n/paraglide', import.meta.url))
};

/**
 * Run on SQLite only: what only SQLite has (its WAL and file descriptors, its online
 * backup), the embedded install's memory budget, and page sizes, which do not depend on
 * the database and take minutes to set up.
 */
const SQLITE_ONLY = [
	'tests/integration/backup.test.ts',
	'tests/integration/export-stall.test.ts',
	'tests/integration/export-abort.test.ts',
	'tests/integration/export-memory.test.ts',
	'tests/integration/page-size.test.ts',
	'tests/integration/history-bound.test.ts',
	// The reads worker reads the SQLite file; on PostgreSQL the processes share the load.
	'tests/integration/reads-worker.test.ts'
];

export default defineConfig({
	resolve: { alias },
	test: {
		projects: [
			{
				resolve: { alias },
				test: {
					name: 'unit',
					globalSetup: ['tests/compile-messages.setup.ts'],
					include: ['server/**/*.spec.ts', 'src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts', 'tests/contract/**/*.test.ts'],
					// Several processes on one database, and moving to one: PostgreSQL only.
					exclude: [
						'tests/integration/cluster.test.ts',
						'tests/integration/db-copy.test.ts',
						'tests/integration/schema-parity.test.ts'
					],
					globalSetup: ['tests/global-setup.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Each file starts its own server processes; two cores run two files at most.
					maxWorkers: 2
				}
			},
			{
				test: {
					name: 'integration-postgres',
					include: ['tests/integration/**/*.test.ts', 'tests/contract/**/*.test.ts'],
					exclude: SQLITE_ONLY,
					globalSetup: ['tests/global-setup-postgres.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					maxWorkers: 2
				}
			}
		]
	}
});
