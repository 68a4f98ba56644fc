import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['server/**/*.spec.ts', 'src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts', 'tests/contract/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Each file starts its own server processes; two cores run two files at most.
					maxWorkers: 2
				}
			}
		]
	}
});
