// The image and the compose file (SPEC §1.2, issue 13). No Docker engine runs here, so the
// files are parsed and each rule of deploy-rules.ts is held as its own case; the second half
// breaks the files on purpose and proves that the rules catch it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../composition/config';
import {
  COMPOSE_RULES, DOCKERFILE_RULES, parseDockerfile, parseDockerignore, dockerIgnores, interpolate, variableReferences,
  type Compose, type DeployFiles, type Rule,
} from './deploy-rules';
import { NOT_RUN } from '../../support/not-run-reporter';

const ROOT = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Texts {
  dockerfile: string;
  dockerignore: string;
  compose: string;
  envExample: string;
}

function deployFiles(texts: Texts, buildEntries: readonly string[]): DeployFiles {
  return {
    dockerfile: parseDockerfile(texts.dockerfile),
    dockerignore: parseDockerignore(texts.dockerignore),
    compose: parse(texts.compose) as Compose,
    composeText: texts.compose,
    envExample: texts.envExample,
    packageJson: JSON.parse(read('package.json')),
    configVariables: CONFIG_VARIABLES,
    buildEntries,
    loadConfig: (env) => loadConfig(env),
  };
}

const ALL_RULES = [...DOCKERFILE_RULES, ...COMPOSE_RULES];

let texts: Texts;
let buildEntries: readonly string[];
let files: DeployFiles;

beforeAll(async () => {
  texts = { dockerfile: read('Dockerfile'), dockerignore: read('.dockerignore'), compose: read('docker-compose.yml'), envExample: read('.env.example') };
  // The build's own list of entry points: dist/<entry>.js for each.
  const build = (await import(pathToFileURL(join(ROOT, 'composition/build.mjs')).href)) as { ENTRIES: readonly string[] };
  buildEntries = build.ENTRIES;
  files = deployFiles(texts, buildEntries);
});

describe('Dockerfile and .dockerignore', () => {
  it.each(DOCKERFILE_RULES.map((rule) => [rule.rule, rule] as const))('%s', (_, rule) => {
    expect(rule.check(files), `broken: ${rule.rule}`).toEqual([]);
  });
});

describe('the runtime stage\'s node_modules', () => {
  // The image installs `dependencies` only: an import of a devDependency from dist/ would
  // start in development and crash in the image. esbuild lists what the bundles import.
  it('hold everything dist/ imports: each package the build leaves external is a production dependency', async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: buildEntries.map((entry) => `composition/${entry}.ts`),
      outdir: join(tmpdir(), 'deploy-files-never-written'),
      bundle: true,
      splitting: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imported = new Set(Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path)));
    const production = Object.keys((JSON.parse(read('package.json')) as { dependencies?: Record<string, string> }).dependencies ?? {});
    const packageOf = (path: string) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');
    const missing = [...imported].filter((path) => !path.startsWith('node:') && !builtinModules.includes(packageOf(path)) && !production.includes(packageOf(path)));
    expect(missing, 'imported by dist/ but not in package.json "dependencies" (the image would not have them)').toEqual([]);
    expect(imported.size).toBeGreaterThan(0);
  });
});

describe('docker-compose.yml and .env.example', () => {
  it.each(COMPOSE_RULES.map((rule) => [rule.rule, rule] as const))('%s', (_, rule) => {
    expect(rule.check(files), `broken: ${rule.rule}`).toEqual([]);
  });
});

describe('the parsers the rules stand on', () => {
  it('reads stages, continuation lines and exec-form commands', () => {
    const parsed = parseDockerfile('# c\nARG V=1\nFROM node:24-slim AS build\nRUN a \\\n  # inside\n  && b\nFROM node:24-slim\nCMD ["node", "x.js"]\n');
    expect(parsed.preamble.map((i) => i.keyword)).toEqual(['ARG']);
    expect(parsed.stages.map((s) => [s.image, s.name])).toEqual([['node:24-slim', 'build'], ['node:24-slim', undefined]]);
    expect(parsed.stages[0]?.instructions[0]?.args).toBe('a && b');
    expect(parsed.stages[1]?.instructions[0]?.args).toBe('["node", "x.js"]');
  });

  it('matches .dockerignore patterns on a path and its folders, negations last-wins', () => {
    const patterns = ['node_modules', '*.log', 'docs/**', '!docs/keep.md'];
    expect(dockerIgnores(patterns, 'node_modules/x/index.js')).toBe(true);
    expect(dockerIgnores(patterns, 'server.log')).toBe(true);
    expect(dockerIgnores(patterns, 'docs/a/b.md')).toBe(true);
    expect(dockerIgnores(patterns, 'docs/keep.md')).toBe(false);
    expect(dockerIgnores(patterns, 'package.json')).toBe(false);
  });

  it('interpolates like compose: defaults, required variables with their message, $$ as a dollar', () => {
    expect(interpolate('a${X:-d}b${Y}$$c', { Y: 'y' })).toBe('adby$c');
    expect(() => interpolate('${P:?set P please}', {})).toThrow('P: set P please');
    expect(() => interpolate('${P:?set P please}', { P: '' })).toThrow('P: set P please');
    expect(variableReferences('x://u:${P:?why}@h $$NOT $B').map((r) => [r.name, r.operator])).toEqual([['P', ':?'], ['B', '']]);
  });
});

/** A variant of the real files, broken in one way, and the rule that must say so. */
interface BadVariant {
  readonly what: string;
  readonly breaks: string;
  readonly change: (texts: Texts) => Texts;
  readonly edit?: (compose: Compose) => void;
}

function replaced(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`the variant did not apply: ${String(from)} not found`);
  return changed;
}

const ruleAbout = (fragment: string): Rule => {
  const rule = ALL_RULES.find((r) => r.rule.includes(fragment));
  if (!rule) throw new Error(`no rule about "${fragment}"`);
  return rule;
};

const BAD_VARIANTS: readonly BadVariant[] = [
  {
    what: 'a Dockerfile whose last stage has no USER',
    breaks: 'non-root `node` user',
    change: (t) => ({ ...t, dockerfile: replaced(t.dockerfile, /^USER node$/m, '') }),
  },
  {
    what: 'a single-stage Dockerfile',
    breaks: 'multi-stage',
    change: (t) => ({ ...t, dockerfile: 'FROM node:24-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER node\nCMD ["node", "--enable-source-maps", "dist/main-api.js"]\n' }),
  },
  {
    what: 'a runtime stage that installs devDependencies',
    breaks: 'production dependencies only',
    change: (t) => ({ ...t, dockerfile: replaced(t.dockerfile, 'npm ci --omit=dev --ignore-scripts', 'npm ci') }),
  },
  {
    what: 'a runtime stage that copies the sources',
    breaks: 'no sources, tests or build files',
    change: (t) => ({ ...t, dockerfile: replaced(t.dockerfile, /^COPY package.json \.\/$/m, 'COPY package.json ./\nCOPY composition ./composition') }),
  },
  {
    what: 'an image on Node 20, out of support',
    breaks: 'current Node LTS slim image',
    change: (t) => ({ ...t, dockerfile: t.dockerfile.replaceAll(/FROM node:24-/g, 'FROM node:20-') }),
  },
  {
    what: 'a secret baked into the image',
    breaks: 'no secret in the image',
    change: (t) => ({ ...t, dockerfile: replaced(t.dockerfile, 'ENV NODE_ENV=production', 'ARG JWT_SECRET\nENV NODE_ENV=production') }),
  },
  {
    what: 'a HEALTHCHECK through curl',
    breaks: 'HEALTHCHECK',
    change: (t) => ({ ...t, dockerfile: replaced(t.dockerfile, /^HEALTHCHECK[^\n]*\\\n[^\n]*$/m, 'HEALTHCHECK CMD curl -f http://localhost:3000/health') }),
  },
  {
    what: 'a CMD on a file the build does not write',
    breaks: 'CMD runs the API',
    change: (t) => ({ ...t, dockerfile: replaced(t.dockerfile, '"dist/main-api.js"', '"dist/server.js"') }),
  },
  {
    what: 'a .dockerignore that lets .env and the tests in',
    breaks: '.dockerignore leaves out',
    change: (t) => ({ ...t, dockerignore: t.dockerignore.replace(/^\.env$/m, '').replace(/^tests$/m, '') }),
  },
  {
    what: 'a compose file that publishes PostgreSQL\'s port',
    breaks: 'only the API\'s port is published',
    change: (t) => t,
    edit: (c) => { (c.services.postgres as Record<string, unknown>).ports = ['5432:5432']; },
  },
  {
    what: 'a literal PostgreSQL password',
    breaks: 'no password in the compose file',
    change: (t) => ({ ...t, compose: replaced(t.compose, /POSTGRES_PASSWORD: "\$\{POSTGRES_PASSWORD:\?[^}]*\}"/, 'POSTGRES_PASSWORD: conversion') }),
  },
  {
    what: 'a password written into a URL',
    breaks: 'no password in the compose file',
    change: (t) => t,
    edit: (c) => { (c.services.worker as { environment: Record<string, string> }).environment = { ...(c.services.worker?.environment as Record<string, string>), AMQP_URL: 'amqp://guest:guest@rabbitmq:5672' }; },
  },
  {
    what: 'a secret with a default instead of an error',
    breaks: 'no password in the compose file',
    change: (t) => ({ ...t, compose: t.compose.replaceAll(/\$\{JWT_SECRET:\?[^}]*\}/g, '${JWT_SECRET:-change-me-change-me-change-me-change-me}') }),
  },
  {
    what: 'a Redis healthcheck with the password on its command line',
    breaks: 'redis requires its password',
    change: (t) => ({ ...t, compose: replaced(t.compose, '"redis-cli ping | grep -q PONG"', '"redis-cli -a \\"$$REDIS_PASSWORD\\" ping | grep -q PONG"') }),
  },
  {
    what: 'Neo4j without a healthcheck',
    breaks: 'every long-running service has a healthcheck',
    change: (t) => t,
    edit: (c) => { delete (c.services.neo4j as Record<string, unknown>).healthcheck; },
  },
  {
    what: 'an API that starts while Redis may still be starting',
    breaks: 'depend on each data service with service_healthy',
    change: (t) => t,
    edit: (c) => { (c.services.api as { depends_on: Record<string, unknown> }).depends_on = { ...(c.services.api?.depends_on as object), redis: { condition: 'service_started' } }; },
  },
  {
    what: 'a worker that does not wait for the migrations',
    breaks: 'migrate runs the CLI\'s migrate once',
    change: (t) => t,
    edit: (c) => { const d = { ...(c.services.worker?.depends_on as Record<string, unknown>) }; delete d.migrate; (c.services.worker as Record<string, unknown>).depends_on = d; },
  },
  {
    what: 'a service without a restart policy',
    breaks: 'restarts unless stopped',
    change: (t) => t,
    edit: (c) => { delete (c.services.rabbitmq as Record<string, unknown>).restart; },
  },
  {
    what: 'a variable the configuration does not read',
    breaks: 'only variables composition/config.ts reads',
    change: (t) => t,
    edit: (c) => { (c.services.api as { environment: Record<string, string> }).environment = { ...(c.services.api?.environment as Record<string, string>), DB_URL: 'postgres://x' }; },
  },
  {
    what: 'a production API without a metrics token',
    breaks: 'accepted by loadConfig',
    change: (t) => t,
    edit: (c) => { const env = { ...(c.services.api?.environment as Record<string, string>) }; delete env.METRICS_TOKEN; (c.services.api as Record<string, unknown>).environment = env; },
  },
  {
    what: 'a worker started on a file the build does not write',
    breaks: 'each its own dist/ entry',
    change: (t) => ({ ...t, compose: replaced(t.compose, '"dist/main-worker.js"', '"dist/worker.js"') }),
  },
  {
    what: 'a ClickHouse without its /ping healthcheck',
    breaks: 'clickhouse runs clickhouse/clickhouse-server',
    change: (t) => ({ ...t, compose: replaced(t.compose, 'http://127.0.0.1:8123/ping', 'http://127.0.0.1:8123/') }),
  },
  {
    what: 'an .env.example with a secret filled in',
    breaks: '.env.example names every variable',
    change: (t) => ({ ...t, envExample: replaced(t.envExample, /^JWT_SECRET=$/m, 'JWT_SECRET=0123456789abcdef0123456789abcdef') }),
  },
];

describe('the rules can fail: each bad variant breaks the rule it targets', () => {
  it.each(BAD_VARIANTS.map((variant) => [variant.what, variant] as const))('%s', (_, variant) => {
    const bad = deployFiles(variant.change(texts), buildEntries);
    variant.edit?.(bad.compose);
    const rule = ruleAbout(variant.breaks);
    expect(rule.check(bad), `"${rule.rule}" did not notice ${variant.what}`).not.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// When a compose CLI is installed, it validates the file too (`config` needs no Docker engine):
// the rules above say what the file must hold, this says compose reads it as meant.

/** `docker compose` (v2) or `docker-compose` (v1), whichever answers here. */
function findComposeCli(): string[] | undefined {
  for (const cli of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(cli[0] ?? '', [...cli.slice(1), 'version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0) return cli;
  }
  return undefined;
}

const composeCli = findComposeCli();

// .ci/run installs Debian's docker-compose, so under CI=true a missing CLI fails instead of skipping.
describe.skipIf(!composeCli && process.env.CI !== 'true')(
  composeCli ? `docker-compose.yml read by \`${composeCli.join(' ')} config\`` : `docker-compose.yml read by \`docker compose config\` ${NOT_RUN} no compose CLI here`,
  () => {
    /** Runs `config -q` on a copy in an empty folder, so no local .env takes part. */
    function config(env: Record<string, string>): { status: number | null; stderr: string } {
      const dir = mkdtempSync(join(tmpdir(), 'compose-'));
      try {
        writeFileSync(join(dir, 'docker-compose.yml'), texts.compose);
        if (!composeCli) throw new Error('CI=true: no compose CLI (docker compose or docker-compose) answers; .ci/run installs docker-compose');
        const [command = '', ...args] = composeCli;
        const run = spawnSync(command, [...args, '-f', join(dir, 'docker-compose.yml'), 'config', '-q'], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 60_000,
          env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
        });
        return { status: run.status, stderr: run.stderr };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it('accepts the file once every required variable is set', () => {
      const required = new Set(variableReferences(texts.compose).filter((ref) => ref.operator === ':?').map((ref) => ref.name));
      const env = Object.fromEntries([...required].map((name) => [name, 'a'.repeat(40)]));
      const result = config(env);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });

    it('refuses it without the secrets, saying which variable to set', () => {
      const result = config({});
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/set [A-Z_]+ in \.env/);
    });
  },
);
