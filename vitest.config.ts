import { defineConfig } from 'vitest/config';

// `fast`: domain, use cases and HTTP against memory adapters. `services`: contract and
// integration suites against PostgreSQL, PGlite and the other real servers.
export default defineConfig({
  test: {
    // The second one repeats, after the summary, every suite that did not run for want of a service.
    reporters: ['default', './tests/support/not-run-reporter.ts'],
    projects: [
      {
        test: {
          name: 'fast',
          include: ['tests/unit/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'services',
          // The process tests run dist/: built once here when missing or stale.
          globalSetup: ['./tests/support/build-once.ts'],
          include: ['tests/contracts/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
