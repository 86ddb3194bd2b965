// The rules the Dockerfile, .dockerignore, docker-compose.yml and .env.example keep (SPEC §1.2,
// issue 13). No Docker engine runs where the tests do, so the files are parsed and read:
// each rule returns its problems (empty when kept), so a test can also prove it able to fail.

// ---------------------------------------------------------------------------------------------
// Dockerfile: instructions and stages, enough of the format for these rules.

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY… */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** ARG before the first FROM. */
  readonly preamble: readonly Instruction[];
  readonly stages: readonly Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    // Comments (parser directives included) and blank lines, even inside a continuation.
    if (line === '' || line.startsWith('#')) return;
    const joined = pending ? `${pending.text} ${line}` : line;
    const start = pending?.line ?? index + 1;
    if (joined.endsWith('\\')) {
      pending = { text: joined.slice(0, -1).trim(), line: start };
      return;
    }
    pending = undefined;
    const match = /^(\S+)\s*(.*)$/s.exec(joined);
    if (match) instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim(), line: start });
  });
  if (pending) instructions.push({ keyword: 'INCOMPLETE', args: pending.text, line: pending.line });

  const preamble: Instruction[] = [];
  const stages: { image: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: as >= 0 ? words[as + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      preamble.push(instruction);
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return { preamble, stages };
}

/** The argv of an exec-form (JSON array) command, or the shell's for a shell-form one. */
export function commandWords(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const words: unknown = JSON.parse(args);
      if (Array.isArray(words) && words.every((word) => typeof word === 'string')) return words;
    } catch {
      // not JSON: Docker runs it through the shell too
    }
  }
  return ['/bin/sh', '-c', args];
}

/** `--flag=value` options at the start of COPY, HEALTHCHECK…, and what follows them. */
function splitOptions(args: string): { options: Map<string, string>; rest: string } {
  const options = new Map<string, string>();
  let rest = args;
  for (let match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest); match; match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest)) {
    options.set(match[1] ?? '', match[2] ?? '');
    rest = rest.slice(match[0].length);
  }
  return { options, rest };
}

/** KEY=value pairs of ENV or LABEL (and the legacy `ENV KEY value`). */
export function keyValues(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  if (!/^[\w.-]+=/.test(args)) {
    const [key, ...value] = args.split(/\s+/);
    if (key) pairs.set(key, value.join(' '));
    return pairs;
  }
  for (const match of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = match[2] ?? '';
    pairs.set(match[1] ?? '', /^["']/.test(raw) ? raw.slice(1, -1) : raw);
  }
  return pairs;
}

interface CopyInstruction {
  readonly from: string | undefined;
  readonly chown: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
}

function copies(stage: Stage): CopyInstruction[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
    .map((instruction) => {
      const { options, rest } = splitOptions(instruction.args);
      const words = rest.startsWith('[') ? commandWords(rest) : rest.split(/\s+/);
      return { from: options.get('from'), chown: options.get('chown'), sources: words.slice(0, -1), destination: words[words.length - 1] ?? '' };
    });
}

const runs = (stage: Stage): string[] => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const last = <T>(items: readonly T[]): T | undefined => items[items.length - 1];
const instructionsOf = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

/** `npm ci` or `npm install` that installs devDependencies too. */
const fullInstall = (run: string) => /\bnpm (ci|install|i)\b/.test(run) && !/--omit[= ]dev|--production|--only[= ]prod/.test(run);
/** `npm ci --omit=dev` or `npm prune --omit=dev`: production dependencies only. */
const productionInstall = (run: string) => /\bnpm (ci|install|i|prune)\b[^&;|]*(--omit[= ]dev|--production|--only[= ]prod)/.test(run);

// ---------------------------------------------------------------------------------------------
// .dockerignore: the patterns, matched the way Docker does for the paths these rules ask about.

export function parseDockerignore(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += 1;
      if (glob[i + 1] === '/') i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether the build context leaves `path` out (a pattern matches it or one of its folders). */
export function dockerIgnores(patterns: readonly string[], path: string): boolean {
  const clean = (p: string) => p.replace(/^\/+/, '').replace(/^\.\/+/, '').replace(/\/+$/, '');
  const parts = clean(path).split('/');
  const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regexp = globToRegExp(clean(negated ? pattern.slice(1) : pattern));
    if (prefixes.some((prefix) => regexp.test(prefix))) ignored = !negated;
  }
  return ignored;
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml: the parsed document, and compose's `${VAR…}` interpolation.

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  restart?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: unknown[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  network_mode?: string;
  privileged?: boolean;
  read_only?: boolean;
  cap_drop?: string[];
  [key: string]: unknown;
}

export interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface VariableReference {
  readonly name: string;
  /** `:?`, `?`, `:-`, `-`, `:+`, `+`, or '' for a bare `${VAR}` / `$VAR`. */
  readonly operator: string;
  readonly argument: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[?\-+])([^}]*))?\}|\$([A-Za-z_]\w*)/g;

/** Every `${VAR…}` and `$VAR` compose would interpolate in `value` (`$$` is a literal dollar). */
export function variableReferences(value: string): VariableReference[] {
  const found: VariableReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    if (match[0] === '$$') continue;
    found.push({ name: match[1] ?? match[4] ?? '', operator: match[2] ?? '', argument: match[3] ?? '' });
  }
  return found;
}

/** `value` with each reference replaced by `$REF`, so its own text can be read around them. */
export function maskReferences(value: string): string {
  return value.replace(REFERENCE, (whole) => (whole === '$$' ? whole : '$REF'));
}

/** Compose's interpolation, for the values this file hands the app. */
export function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(REFERENCE, (whole, braced?: string, operator = '', argument = '', bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    const set = env[name];
    const empty = set === undefined || (operator.startsWith(':') && set === '');
    if (operator.endsWith('?')) {
      if (empty) throw new Error(`${name}: ${argument}`);
      return set ?? '';
    }
    if (operator.endsWith('-')) return empty ? argument : (set ?? '');
    if (operator.endsWith('+')) return empty ? '' : argument;
    return set ?? '';
  });
}

/** Every string in a parsed YAML value, with where it sits. */
export function stringsIn(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringsIn(item, path ? `${path}.${key}` : key));
  return [];
}

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

function dependencies(service: ComposeService): Map<string, string> {
  const depends = service.depends_on;
  if (!depends) return new Map();
  if (Array.isArray(depends)) return new Map(depends.map((name) => [name, 'service_started']));
  return new Map(Object.entries(depends).map(([name, spec]) => [name, spec?.condition ?? 'service_started']));
}

const words = (command: string | string[] | undefined): string[] =>
  command === undefined ? [] : Array.isArray(command) ? command : command.split(/\s+/);

// ---------------------------------------------------------------------------------------------
// The rules.

export interface DeployFiles {
  readonly dockerfile: Dockerfile;
  readonly dockerignore: readonly string[];
  readonly compose: Compose;
  /** The compose file as written, for its opening comment. */
  readonly composeText: string;
  readonly envExample: string;
  readonly packageJson: { scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  /** What composition/config.ts reads. */
  readonly configVariables: readonly string[];
  /** The build's entry points: `npm run build` writes dist/<entry>.js for each. */
  readonly buildEntries: readonly string[];
  /** Builds the app's configuration from an environment, throwing when it is refused. */
  readonly loadConfig: (env: Record<string, string>) => unknown;
}

export interface Rule {
  /** What the rule says; a failing test names it. */
  readonly rule: string;
  readonly check: (files: DeployFiles) => string[];
}

export const DATA_SERVICES = ['postgres', 'neo4j', 'redis', 'rabbitmq', 'clickhouse'] as const;
export const APP_SERVICES = ['migrate', 'api', 'worker'] as const;
/** The one service that runs once and exits; every other one runs for good. */
const ONE_SHOT = 'migrate';
/** What compose must take from the environment, never from the file. */
export const SECRET_VARIABLES = [
  'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'RABBITMQ_USER', 'RABBITMQ_PASSWORD',
  'NEO4J_PASSWORD', 'CLICKHOUSE_PASSWORD', 'JWT_SECRET', 'METRICS_TOKEN',
] as const;
/** The process each app service runs: dist/<entry>.js. */
const APP_ENTRIES = { api: 'main-api', worker: 'main-worker', migrate: 'cli' } as const;
const API_PORT = '3000';
/** Packages that compile or load TypeScript: the build's, never the runtime's. */
const BUILD_TOOLS = ['tsx', 'esbuild', 'typescript', 'ts-node', 'vitest'];
const SECRET_NAME = /PASSWORD|PASSWD|_PASS$|SECRET|TOKEN|API_KEY|PRIVATE_KEY|_AUTH$/i;

const runtimeStage = (files: DeployFiles): Stage | undefined => last(files.dockerfile.stages);
const service = (files: DeployFiles, name: string): ComposeService => files.compose.services?.[name] ?? {};
const healthTest = (s: ComposeService): string => words(s.healthcheck?.test).join(' ');

/** The argv a compose app service runs: its command, else the image's CMD. */
function appCommand(files: DeployFiles, name: string): string[] {
  const own = service(files, name).command;
  if (own !== undefined) return words(own);
  const cmd = last(instructionsOf(runtimeStage(files) ?? { image: '', name: undefined, instructions: [] }, 'CMD'));
  return cmd ? commandWords(cmd.args) : [];
}

function distEntries(command: readonly string[]): string[] {
  return command.flatMap((word) => {
    const match = /^(?:\.\/|\/app\/)?dist\/(.+)\.js$/.exec(word);
    return match?.[1] ? [match[1]] : [];
  });
}

export const DOCKERFILE_RULES: readonly Rule[] = [
  {
    rule: 'the Dockerfile is multi-stage: a build stage runs `npm ci` and `npm run build`, the runtime stage takes dist/ from it',
    check: (files) => {
      const { stages } = files.dockerfile;
      if (stages.length < 2) return [`${stages.length} stage(s): a build stage and a runtime stage are needed`];
      const runtime = stages[stages.length - 1] as Stage;
      const builders = stages.slice(0, -1).filter((stage) => runs(stage).some(fullInstall) && runs(stage).some((run) => /\bnpm run build\b/.test(run)));
      if (builders.length === 0) return ['no stage before the last runs both `npm ci` (with devDependencies) and `npm run build`'];
      const distFrom = copies(runtime).filter((copy) => copy.sources.some((source) => /(^|\/)dist\/?$/.test(source)));
      const fromBuilder = distFrom.some((copy) => builders.some((stage) => copy.from !== undefined && (copy.from === stage.name || copy.from === String(stages.indexOf(stage)))));
      return fromBuilder ? [] : ['the runtime stage does not COPY --from the build stage its dist/'];
    },
  },
  {
    rule: 'the runtime stage has production dependencies only (`npm ci --omit=dev` in its own stage, or pruned), and no build tool is a production dependency',
    check: (files) => {
      const { stages } = files.dockerfile;
      const runtime = last(stages);
      if (!runtime) return ['no stage'];
      const problems: string[] = [];
      if (runs(runtime).some(fullInstall)) problems.push('the runtime stage installs devDependencies (npm ci without --omit=dev)');
      const byName = (ref: string) => stages.find((stage, index) => stage.name === ref || String(index) === ref);
      const modulesCopies = copies(runtime).filter((copy) => copy.sources.some((source) => /(^|\/)node_modules\/?$/.test(source)));
      const prunedHere = runs(runtime).some(productionInstall);
      if (modulesCopies.length === 0 && !prunedHere) problems.push('the runtime stage gets no node_modules: neither COPY --from a production-only stage nor `npm ci --omit=dev`');
      for (const copy of modulesCopies) {
        const source = copy.from === undefined ? undefined : byName(copy.from);
        if (!source) {
          problems.push(`node_modules copied from ${copy.from ?? 'the build context'}, not from a stage of this file`);
          continue;
        }
        const sourceRuns = runs(source);
        const lastFull = sourceRuns.map(fullInstall).lastIndexOf(true);
        const lastProduction = sourceRuns.map(productionInstall).lastIndexOf(true);
        if (lastProduction < 0 || lastFull > lastProduction) {
          if (!prunedHere) problems.push(`node_modules come from stage "${source.name ?? copy.from}", which has devDependencies (no npm ci --omit=dev or npm prune --omit=dev after its install)`);
        }
      }
      const production = Object.keys(files.packageJson.dependencies ?? {});
      for (const tool of BUILD_TOOLS) if (production.includes(tool)) problems.push(`${tool} is in package.json "dependencies": it belongs in devDependencies`);
      return problems;
    },
  },
  {
    rule: 'the runtime stage holds node_modules, dist/ and package.json only: no sources, tests or build files',
    check: (files) => {
      const runtime = runtimeStage(files);
      if (!runtime) return ['no stage'];
      const allowed = new Set(['node_modules', 'dist', 'package.json', 'package-lock.json']);
      return copies(runtime).flatMap((copy) =>
        copy.sources
          .filter((source) => !allowed.has(source.replace(/\/+$/, '').split('/').pop() ?? ''))
          .map((source) => `the runtime stage copies ${source}${copy.from ? ` from ${copy.from}` : ' from the build context'}`),
      );
    },
  },
  {
    rule: 'every stage starts from a current Node LTS slim image, pinned by major (node:<even major ≥ 22>-…slim)',
    check: (files) => {
      const stageNames = new Set(files.dockerfile.stages.map((stage) => stage.name).filter(Boolean));
      const images = files.dockerfile.stages.map((stage) => stage.image).filter((image) => !stageNames.has(image));
      if (images.length === 0) return ['no FROM'];
      const problems = images.flatMap((image) => {
        const match = /^(?:docker\.io\/(?:library\/)?)?node:(\d+)(?:-[a-z0-9]+)*-slim(?:@sha256:[0-9a-f]{64})?$/.exec(image);
        if (!match) return [`${image}: not node:<major>-…slim (pinned by major, slim variant)`];
        const major = Number(match[1]);
        return major % 2 === 0 && major >= 22 ? [] : [`${image}: Node ${major} is not a current LTS line (even, 22 or later)`];
      });
      if (new Set(images).size > 1) problems.push(`the stages start from different images (${[...new Set(images)].join(', ')}): the runtime must run what the build compiled for`);
      return problems;
    },
  },
  {
    rule: 'the runtime stage runs as the non-root `node` user, who owns /data (DATA_DIR=/data, a VOLUME)',
    check: (files) => {
      const runtime = runtimeStage(files);
      if (!runtime) return ['no stage'];
      const problems: string[] = [];
      const user = last(instructionsOf(runtime, 'USER'))?.args.split(':')[0];
      if (user === undefined) problems.push('the runtime stage has no USER: it would run as root');
      else if (user !== 'node') problems.push(`the runtime stage runs as USER ${user}, not the image's unprivileged \`node\``);
      const ownsData = runs(runtime).some((run) => /\bchown\b[^&;|]*\bnode(:node)?\b[^&;|]*\/data\b/.test(run))
        || copies(runtime).some((copy) => copy.destination.replace(/\/+$/, '') === '/data' && /^node(:|$)/.test(copy.chown ?? ''));
      if (!ownsData) problems.push('nothing gives /data to the node user (RUN … chown node:node /data)');
      const volumes = instructionsOf(runtime, 'VOLUME').flatMap((v) => (v.args.startsWith('[') ? commandWords(v.args) : v.args.split(/\s+/)));
      if (!volumes.includes('/data')) problems.push('/data is not declared a VOLUME');
      const env = new Map(instructionsOf(runtime, 'ENV').flatMap((i) => [...keyValues(i.args)]));
      if (env.get('DATA_DIR') !== '/data') problems.push(`ENV DATA_DIR is ${env.get('DATA_DIR') ?? 'unset'}, not /data`);
      return problems;
    },
  },
  {
    rule: 'the runtime stage sets NODE_ENV=production',
    check: (files) => {
      const runtime = runtimeStage(files);
      const env = new Map((runtime ? instructionsOf(runtime, 'ENV') : []).flatMap((i) => [...keyValues(i.args)]));
      return env.get('NODE_ENV') === 'production' ? [] : [`NODE_ENV is ${env.get('NODE_ENV') ?? 'unset'} in the runtime stage`];
    },
  },
  {
    rule: 'the image has a HEALTHCHECK: node\'s fetch of /health on PORT, no curl or wget',
    check: (files) => {
      const runtime = runtimeStage(files);
      const check = runtime ? last(instructionsOf(runtime, 'HEALTHCHECK')) : undefined;
      if (!check) return ['the runtime stage has no HEALTHCHECK'];
      const { rest } = splitOptions(check.args);
      if (/^NONE$/i.test(rest)) return ['HEALTHCHECK NONE'];
      const cmd = /^CMD\s+(.*)$/is.exec(rest)?.[1];
      if (!cmd) return [`HEALTHCHECK without CMD: ${check.args}`];
      const argv = commandWords(cmd);
      const text = argv.join(' ');
      const problems: string[] = [];
      if (argv[0] !== 'node') problems.push(`the check runs ${argv[0]}, not node (the slim image has no curl)`);
      if (!/\bfetch\(/.test(text) || !text.includes('/health')) problems.push('the check does not fetch /health');
      if (!/process\.env\.PORT/.test(text)) problems.push('the check does not follow PORT');
      if (/\b(curl|wget)\b/.test(text)) problems.push('the check needs curl or wget');
      return problems;
    },
  },
  {
    rule: 'the image exposes the API\'s port 3000, its default PORT',
    check: (files) => {
      const runtime = runtimeStage(files);
      if (!runtime) return ['no stage'];
      const exposed = instructionsOf(runtime, 'EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((port) => port.replace(/\/tcp$/, ''));
      const env = new Map(instructionsOf(runtime, 'ENV').flatMap((i) => [...keyValues(i.args)]));
      const problems: string[] = [];
      if (!exposed.includes(API_PORT)) problems.push(`EXPOSE ${API_PORT} is missing (exposed: ${exposed.join(' ') || 'none'})`);
      if ((env.get('PORT') ?? API_PORT) !== API_PORT) problems.push(`ENV PORT=${env.get('PORT')} while ${API_PORT} is exposed`);
      return problems;
    },
  },
  {
    rule: 'the image\'s CMD runs the API: node --enable-source-maps dist/main-api.js (exec form, no ENTRYPOINT)',
    check: (files) => {
      const runtime = runtimeStage(files);
      if (!runtime) return ['no stage'];
      const problems: string[] = [];
      if (instructionsOf(runtime, 'ENTRYPOINT').length > 0) problems.push('an ENTRYPOINT would wrap the commands compose gives the worker and migrate');
      const cmd = last(instructionsOf(runtime, 'CMD'));
      if (!cmd) return [...problems, 'the runtime stage has no CMD'];
      if (!cmd.args.startsWith('[')) problems.push('CMD is in shell form: node would not be PID 1 and would not get SIGTERM');
      const argv = commandWords(cmd.args);
      const expected = ['node', '--enable-source-maps', `dist/${APP_ENTRIES.api}.js`];
      if (JSON.stringify(argv) !== JSON.stringify(expected)) problems.push(`CMD is ${JSON.stringify(argv)}, not ${JSON.stringify(expected)}`);
      return problems;
    },
  },
  {
    rule: 'no secret in the image: no ARG or ENV named like a password, secret, token or URL, no credentials in a value, no .env copied',
    check: (files) => {
      const all = [...files.dockerfile.preamble, ...files.dockerfile.stages.flatMap((stage) => stage.instructions)];
      const problems: string[] = [];
      for (const instruction of all) {
        if (instruction.keyword === 'ARG') {
          const name = instruction.args.split('=')[0]?.trim() ?? '';
          if (SECRET_NAME.test(name) || /_URL$/.test(name)) problems.push(`line ${instruction.line}: ARG ${name} would keep a secret in the image's history`);
        }
        if (instruction.keyword === 'ENV') {
          for (const [name, value] of keyValues(instruction.args)) {
            if (SECRET_NAME.test(name) || /_URL$/.test(name)) problems.push(`line ${instruction.line}: ENV ${name} puts a secret or a connection URL in the image`);
            if (/:\/\/[^/\s@]+:[^/\s@]+@/.test(value)) problems.push(`line ${instruction.line}: ENV ${name} holds credentials`);
          }
        }
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          if (/(^|[\s/])\.env(\s|$|\.)/.test(instruction.args)) problems.push(`line ${instruction.line}: copies a .env file`);
        }
      }
      return problems;
    },
  },
  {
    rule: '.dockerignore leaves out node_modules, dist, data, .git, tests, bench, coverage, logs and .env, and keeps what the build needs',
    check: (files) => {
      const problems: string[] = [];
      const mustIgnore = ['node_modules', 'dist', 'data', '.git', 'tests', 'bench', 'coverage', 'npm-debug.log', 'server.log', '.env', '.env.local'];
      for (const path of mustIgnore) if (!dockerIgnores(files.dockerignore, path)) problems.push(`${path} is not in .dockerignore`);
      // The build script and what it reads: package.json's "build" runs `node <file>`.
      const buildScript = files.packageJson.scripts?.build ?? '';
      const scriptFiles = buildScript.split(/\s+/).filter((word) => /\.(m?[jt]s|cjs)$/.test(word));
      const mustKeep = ['package.json', 'package-lock.json', 'tsconfig.json', 'domain/x.ts', 'application/x.ts', 'adapters/x.ts', 'composition/x.ts', ...scriptFiles];
      for (const path of mustKeep) if (dockerIgnores(files.dockerignore, path)) problems.push(`${path} is ignored, but the build needs it`);
      for (const stage of files.dockerfile.stages) {
        for (const copy of copies(stage)) {
          if (copy.from !== undefined) continue;
          for (const source of copy.sources) if (source !== '.' && dockerIgnores(files.dockerignore, source)) problems.push(`COPY ${source}: .dockerignore leaves it out of the context`);
        }
      }
      return problems;
    },
  },
];

export const COMPOSE_RULES: readonly Rule[] = [
  {
    rule: 'compose has the data services (postgres, neo4j, redis, rabbitmq, clickhouse), a one-shot migrate, the api and the worker',
    check: (files) => [...DATA_SERVICES, ...APP_SERVICES].filter((name) => !files.compose.services?.[name]).map((name) => `no service ${name}`),
  },
  {
    rule: 'every long-running service has a healthcheck',
    check: (files) =>
      Object.entries(files.compose.services ?? {})
        .filter(([name]) => name !== ONE_SHOT)
        .flatMap(([name, s]) => (s.healthcheck?.disable || words(s.healthcheck?.test).filter((w) => w !== 'NONE').length === 0 ? [`${name} has no healthcheck`] : [])),
  },
  {
    rule: 'every long-running service restarts unless stopped',
    check: (files) =>
      Object.entries(files.compose.services ?? {})
        .filter(([name]) => name !== ONE_SHOT)
        .flatMap(([name, s]) => (s.restart === 'unless-stopped' ? [] : [`${name} has restart: ${s.restart ?? 'none set'}`])),
  },
  {
    rule: 'migrate runs the CLI\'s migrate once (restart "no") after PostgreSQL is healthy, and api and worker wait for it to complete successfully',
    check: (files) => {
      const problems: string[] = [];
      const migrate = service(files, 'migrate');
      if (migrate.restart !== 'no') problems.push(`migrate has restart: ${migrate.restart ?? 'unset'}, not "no"`);
      const argv = appCommand(files, 'migrate');
      if (!(distEntries(argv).includes(APP_ENTRIES.migrate) && argv.includes('migrate'))) problems.push(`migrate runs ${JSON.stringify(argv)}, not dist/cli.js migrate`);
      if (dependencies(migrate).get('postgres') !== 'service_healthy') problems.push('migrate does not wait for postgres to be healthy');
      for (const name of ['api', 'worker']) {
        const condition = dependencies(service(files, name)).get('migrate');
        if (condition !== 'service_completed_successfully') problems.push(`${name} depends on migrate with ${condition ?? 'nothing'}, not service_completed_successfully`);
      }
      return problems;
    },
  },
  {
    rule: 'api and worker depend on each data service with service_healthy',
    check: (files) =>
      ['api', 'worker'].flatMap((name) => {
        const depends = dependencies(service(files, name));
        return DATA_SERVICES.filter((data) => depends.get(data) !== 'service_healthy').map((data) => `${name} depends on ${data} with ${depends.get(data) ?? 'nothing'}`);
      }),
  },
  {
    rule: 'only the API\'s port is published (no ports on any other service, no host network)',
    check: (files) => {
      const problems: string[] = [];
      for (const [name, s] of Object.entries(files.compose.services ?? {})) {
        if (s.network_mode === 'host') problems.push(`${name} uses the host network`);
        if (name !== 'api' && s.ports && s.ports.length > 0) problems.push(`${name} publishes ${JSON.stringify(s.ports)}`);
      }
      const apiPorts = (service(files, 'api').ports ?? []).map((port) =>
        typeof port === 'object' && port !== null ? String((port as { target?: unknown }).target) : String(port).split(':').pop()?.replace(/\/tcp$/, ''),
      );
      if (apiPorts.length !== 1 || apiPorts[0] !== API_PORT) problems.push(`api publishes ${JSON.stringify(apiPorts)}: exactly its container port ${API_PORT} is expected`);
      return problems;
    },
  },
  {
    rule: 'metrics share the API\'s port behind METRICS_TOKEN (no METRICS_PORT)',
    check: (files) =>
      APP_SERVICES.flatMap((name) => {
        const env = environmentOf(service(files, name));
        return [
          ...(env.METRICS_PORT !== undefined ? [`${name} sets METRICS_PORT: metrics would need another port`] : []),
          ...(env.METRICS_TOKEN === undefined ? [`${name} has no METRICS_TOKEN`] : []),
        ];
      }),
  },
  {
    rule: 'no password in the compose file: each secret comes from the environment as ${VAR:?explanation}',
    check: (files) => {
      const problems: string[] = [];
      const strings = stringsIn(files.compose);
      const references = strings.flatMap(({ path, value }) => variableReferences(value).map((ref) => ({ path, ref })));
      for (const name of SECRET_VARIABLES) {
        const uses = references.filter(({ ref }) => ref.name === name);
        if (uses.length === 0) problems.push(`\${${name}} is never used`);
        for (const { path, ref } of uses) {
          if (ref.operator !== ':?' || ref.argument.trim() === '') problems.push(`${path}: \${${name}${ref.operator}${ref.argument}} must be \${${name}:?explanation} (an explicit error when missing)`);
        }
      }
      for (const [name, s] of Object.entries(files.compose.services ?? {})) {
        for (const [key, value] of Object.entries(environmentOf(s))) {
          if (SECRET_NAME.test(key) && variableReferences(value).length === 0) problems.push(`${name}.environment.${key} is written in the file`);
        }
      }
      for (const { path, value } of strings) {
        // The text around the references (their explanations may say anything).
        const own = maskReferences(value);
        // user:password@ in a URL: the password must be a variable.
        for (const match of own.matchAll(/:\/\/([^/\s@]*):([^/\s@]+)@/g)) {
          if (!(match[2] ?? '').includes('$')) problems.push(`${path}: a URL carries the literal password ${match[2]}`);
        }
        for (const match of own.matchAll(/--requirepass[= ]+(["']?)([^\s"']+)\1/g)) {
          if (!(match[2] ?? '').startsWith('$')) problems.push(`${path}: --requirepass ${match[2]} is written in the file`);
        }
        if (/\bguest\b/.test(own)) problems.push(`${path}: uses RabbitMQ's guest account`);
      }
      return problems;
    },
  },
  {
    rule: 'redis requires its password (--requirepass) and its healthcheck pings with redis-cli, authenticated without the password on the command line',
    check: (files) => {
      const redis = service(files, 'redis');
      const problems: string[] = [];
      const command = words(redis.command).join(' ');
      if (!/--requirepass\s+"?\$\$?\{?REDIS_PASSWORD\b/.test(command)) problems.push(`redis runs ${JSON.stringify(command)}: no --requirepass from REDIS_PASSWORD`);
      const test = healthTest(redis);
      if (!/\bredis-cli\b.*\bping\b/i.test(test)) problems.push(`the healthcheck (${test}) does not run redis-cli ping`);
      if (/(^|\s)(-a|--pass|--user|-u)\s|redis:\/\/|PASSWORD/.test(test)) problems.push(`the healthcheck (${test}) puts the password on the command line`);
      const auth = environmentOf(redis).REDISCLI_AUTH ?? '';
      if (!variableReferences(auth).some((ref) => ref.name === 'REDIS_PASSWORD')) problems.push('redis has no REDISCLI_AUTH from REDIS_PASSWORD for redis-cli');
      return problems;
    },
  },
  {
    rule: 'neo4j takes NEO4J_AUTH from NEO4J_PASSWORD and its healthcheck asks its HTTP port 7474 (or cypher-shell)',
    check: (files) => {
      const neo4j = service(files, 'neo4j');
      const problems: string[] = [];
      const auth = environmentOf(neo4j).NEO4J_AUTH ?? '';
      if (!/^neo4j\/\$\{NEO4J_PASSWORD:\?/.test(auth)) problems.push(`NEO4J_AUTH is ${JSON.stringify(auth)}, not neo4j/\${NEO4J_PASSWORD:?…}`);
      const test = healthTest(neo4j);
      if (!/:7474\b|cypher-shell/.test(test)) problems.push(`the healthcheck (${test}) asks neither port 7474 nor cypher-shell`);
      return problems;
    },
  },
  {
    rule: 'rabbitmq\'s user and password come from the environment (not guest)',
    check: (files) => {
      const env = environmentOf(service(files, 'rabbitmq'));
      const problems: string[] = [];
      if (!variableReferences(env.RABBITMQ_DEFAULT_USER ?? '').some((ref) => ref.name === 'RABBITMQ_USER')) problems.push(`RABBITMQ_DEFAULT_USER is ${JSON.stringify(env.RABBITMQ_DEFAULT_USER)}`);
      if (!variableReferences(env.RABBITMQ_DEFAULT_PASS ?? '').some((ref) => ref.name === 'RABBITMQ_PASSWORD')) problems.push(`RABBITMQ_DEFAULT_PASS is ${JSON.stringify(env.RABBITMQ_DEFAULT_PASS)}`);
      return problems;
    },
  },
  {
    rule: 'clickhouse runs clickhouse/clickhouse-server on its own volume, with its password from the environment and a healthcheck on its HTTP /ping',
    check: (files) => {
      const clickhouse = service(files, 'clickhouse');
      const problems: string[] = [];
      if (!/^clickhouse\/clickhouse-server:\S+$/.test(clickhouse.image ?? '')) problems.push(`image ${clickhouse.image}: not a pinned clickhouse/clickhouse-server`);
      if (!variableReferences(environmentOf(clickhouse).CLICKHOUSE_PASSWORD ?? '').some((ref) => ref.name === 'CLICKHOUSE_PASSWORD')) problems.push('CLICKHOUSE_PASSWORD does not come from the environment');
      if (!/:8123\/ping\b/.test(healthTest(clickhouse))) problems.push(`the healthcheck (${healthTest(clickhouse)}) does not ask :8123/ping`);
      if (!namedVolumeAt(files, clickhouse, '/var/lib/clickhouse')) problems.push('/var/lib/clickhouse is not on a named volume');
      return problems;
    },
  },
  {
    rule: 'the data services keep their data on named volumes (postgres, neo4j, rabbitmq, clickhouse)',
    check: (files) => {
      const where = { postgres: '/var/lib/postgresql/data', neo4j: '/data', rabbitmq: '/var/lib/rabbitmq', clickhouse: '/var/lib/clickhouse' };
      return Object.entries(where).flatMap(([name, target]) => (namedVolumeAt(files, service(files, name), target) ? [] : [`${name}: ${target} is not on a named volume`]));
    },
  },
  {
    rule: 'the URLs the app gets are built from the secrets in the environment',
    check: (files) =>
      APP_SERVICES.flatMap((name) => {
        const env = environmentOf(service(files, name));
        const uses = (key: string, ...vars: string[]) => {
          const refs = variableReferences(env[key] ?? '').map((ref) => ref.name);
          return vars.filter((v) => !refs.includes(v)).map((v) => `${name}.${key} does not use \${${v}}`);
        };
        return [
          ...uses('DATABASE_URL', 'POSTGRES_PASSWORD'),
          ...uses('AMQP_URL', 'RABBITMQ_USER', 'RABBITMQ_PASSWORD'),
          ...uses('REDIS_URL', 'REDIS_PASSWORD'),
          ...uses('NEO4J_PASSWORD', 'NEO4J_PASSWORD'),
          ...uses('JWT_SECRET', 'JWT_SECRET'),
          ...uses('METRICS_TOKEN', 'METRICS_TOKEN'),
        ];
      }),
  },
  {
    rule: 'the app services set only variables composition/config.ts reads',
    check: (files) =>
      APP_SERVICES.flatMap((name) =>
        Object.keys(environmentOf(service(files, name)))
          .filter((key) => !files.configVariables.includes(key))
          .map((key) => `${name} sets ${key}, which composition/config.ts does not read`),
      ),
  },
  {
    rule: 'the configuration the app services get is accepted by loadConfig (NODE_ENV=production and its requirements)',
    check: (files) => {
      const refs = stringsIn(files.compose).flatMap(({ value }) => variableReferences(value));
      // Every variable a deployer must set, with a value that passes the app's checks.
      const env = Object.fromEntries(refs.filter((ref) => ref.operator.endsWith('?')).map((ref) => [ref.name, `${ref.name.toLowerCase().replace(/_/g, '')}${'0'.repeat(40)}`]));
      return APP_SERVICES.flatMap((name) => {
        try {
          const given = Object.fromEntries(Object.entries(environmentOf(service(files, name))).map(([key, value]) => [key, interpolate(value, env)]));
          if (given.NODE_ENV !== 'production') return [`${name} runs with NODE_ENV=${given.NODE_ENV ?? 'unset'}`];
          if (!given.DATABASE_URL) return [`${name} has no DATABASE_URL: replicas and the worker share PostgreSQL`];
          files.loadConfig(given);
          return [];
        } catch (error) {
          return [`${name}: ${error instanceof Error ? error.message : String(error)}`];
        }
      });
    },
  },
  {
    rule: 'api, worker and migrate run the image built from this Dockerfile, each its own dist/ entry, which the build writes',
    check: (files) =>
      APP_SERVICES.flatMap((name) => {
        const s = service(files, name);
        const problems: string[] = [];
        const context = typeof s.build === 'string' ? s.build : s.build?.context;
        const dockerfile = typeof s.build === 'object' ? (s.build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
        if (!context || !['.', './'].includes(context) || dockerfile !== 'Dockerfile') problems.push(`${name} is not built from ./Dockerfile`);
        if (s.entrypoint !== undefined) problems.push(`${name} overrides the entrypoint`);
        const argv = appCommand(files, name);
        const entries = distEntries(argv);
        if (argv[0] !== 'node' || !argv.includes('--enable-source-maps')) problems.push(`${name} runs ${JSON.stringify(argv)}: not node --enable-source-maps`);
        if (JSON.stringify(entries) !== JSON.stringify([APP_ENTRIES[name]])) problems.push(`${name} runs ${JSON.stringify(argv)}, not dist/${APP_ENTRIES[name]}.js`);
        for (const entry of entries) if (!files.buildEntries.includes(entry)) problems.push(`${name} runs dist/${entry}.js, which the build does not write (it writes ${files.buildEntries.map((e) => `dist/${e}.js`).join(', ')})`);
        return problems;
      }),
  },
  {
    rule: 'the app containers are hardened: read-only root filesystem, no capabilities, no new privileges, never privileged',
    check: (files) =>
      APP_SERVICES.flatMap((name) => {
        const s = service(files, name);
        return [
          ...(s.read_only === true ? [] : [`${name} has a writable root filesystem`]),
          ...((s.cap_drop ?? []).includes('ALL') ? [] : [`${name} keeps its capabilities (cap_drop: [ALL])`]),
          ...(stringsIn(s.security_opt).some(({ value }) => /^no-new-privileges(:true)?$/.test(value)) ? [] : [`${name} lacks no-new-privileges`]),
          ...(s.privileged ? [`${name} is privileged`] : []),
        ];
      }),
  },
  {
    rule: 'the compose file opens with how to run it (cp .env.example .env, docker compose up -d --build, scaling the API)',
    check: (files) => {
      const opening = files.composeText.split('\n').filter((line) => line.startsWith('#')).join('\n');
      return ['cp .env.example .env', 'docker compose up -d --build', '--scale api='].filter((text) => !opening.includes(text)).map((text) => `the opening comment does not show \`${text}\``);
    },
  },
  {
    rule: '.env.example names every variable compose requires, with no secret filled in',
    check: (files) => {
      const listed = new Map(
        files.envExample.split('\n').map((line) => line.trim()).filter((line) => /^[A-Za-z_]\w*=/.test(line))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
      );
      const required = new Set(stringsIn(files.compose).flatMap(({ value }) => variableReferences(value)).filter((ref) => ref.operator.endsWith('?')).map((ref) => ref.name));
      const problems = [...required].filter((name) => !listed.has(name)).map((name) => `.env.example does not list ${name}`);
      for (const [name, value] of listed) if (SECRET_NAME.test(name) && value.trim() !== '') problems.push(`.env.example fills in ${name}`);
      return problems;
    },
  },
];

function namedVolumeAt(files: DeployFiles, s: ComposeService, target: string): boolean {
  const declared = Object.keys(files.compose.volumes ?? {});
  return (s.volumes ?? []).some((volume) => {
    if (typeof volume === 'object') return volume.type !== 'bind' && volume.target === target && declared.includes(volume.source ?? '');
    const [source, mountedAt] = volume.split(':');
    return mountedAt === target && declared.includes(source ?? '');
  });
}
