// Repeats, after vitest's summary, every suite that was skipped because what it tests is not
// available here (by convention its title says `NOT RUN: <reason>`), so a green run cannot hide
// that a part went unverified. Under CI=true the notice says so in capitals.
import type { Reporter, TestModule } from 'vitest/node';

export const NOT_RUN = 'NOT RUN:';

export default class NotRunReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const notRun = testModules.flatMap((module) =>
      [...module.children.allSuites()].filter((suite) => suite.name.includes(NOT_RUN) && suite.state() === 'skipped').map((suite) => suite.name),
    );
    if (notRun.length === 0) return;
    const heading =
      process.env.CI === 'true'
        ? `CI=true: ${notRun.length} SUITE(S) DID NOT RUN. This run did not verify them:`
        : `${notRun.length} suite(s) did not run:`;
    const lines = [heading, ...notRun.map((name) => `  - ${name}`)];
    const rule = '*'.repeat(Math.max(...lines.map((line) => line.length)));
    process.stderr.write(`\n${rule}\n${lines.join('\n')}\n${rule}\n\n`);
  }
}
