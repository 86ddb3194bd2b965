// The boundary rules run over the real tree inside `npm test` (npm run boundaries); this
// proves they catch violations, on a fixture tree that breaks each rule once.
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const rules = require('../../../.dependency-cruiser.cjs');
const fixture = fileURLToPath(new URL('../../fixtures/boundaries', import.meta.url));

describe('dependency rules', () => {
  it('report a violation of each layer rule', async () => {
    const result = await cruise(['domain', 'application', 'adapters', 'sdk'], {
      ...rules.options,
      baseDir: fixture,
      ruleSet: { forbidden: rules.forbidden },
      validate: true,
      tsConfig: undefined,
    });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    const broken = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(broken).toEqual(
      expect.arrayContaining([
        'domain-is-pure: domain/impure.ts -> fs',
        'application-imports-domain-only: application/leaky.ts -> adapters/http/peek.ts',
        'adapters-stay-in-their-folder: adapters/http/peek.ts -> adapters/postgres/store.ts',
        'sdk-stands-alone: sdk/coupled.ts -> domain/impure.ts',
      ]),
    );
  });
});
