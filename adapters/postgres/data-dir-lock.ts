// One process per embedded data directory: PGlite has no locking between processes, and two
// of them writing the same files damage the store for good (ARCHITECTURE.md "Data directory lock").
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'conversion-graph.lock';

/** What a lock file says about the process holding it. */
export interface LockHolder {
  readonly pid: number;
  readonly startedAt: string;
  /** Linux /proc/<pid>/stat starttime (clock ticks after boot), so a reused pid is not mistaken for the holder; null elsewhere. */
  readonly processStart: string | null;
  readonly hostname: string;
  readonly command: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file if it still names this process; repeated calls do nothing. */
  release(): void;
}

export interface AcquireOptions {
  /** How long to wait out another process's takeover in progress or a lock file being written. */
  readonly waitMs?: number;
}

export class DataDirLocked extends Error {
  constructor(readonly dir: string, readonly holder: LockHolder) {
    const started = `started ${holder.startedAt}${holder.command ? `: ${holder.command}` : ''}`;
    const where = holder.hostname === hostname()
      ? `process ${holder.pid} (${started})`
      : `process ${holder.pid} on host ${holder.hostname} (${started}), which cannot be checked from here; if that host or container is gone, delete ${join(dir, LOCK_FILE_NAME)}`;
    super(`DATA_DIR ${dir} is in use by ${where}; stop it first or point DATABASE_URL at PostgreSQL`);
    this.name = 'DataDirLocked';
  }
}

// A file that is not a lock (a crash between create and write leaves it empty) is called
// abandoned only once it is this old: its writer, if alive, writes within microseconds.
const UNREADABLE_GRACE_MS = 2000;
// Each level guards the takeover of the level below; a level is only needed when a taker was
// killed inside its few-microsecond critical section, so three cover any real history.
const MAX_TAKEOVER_DEPTH = 3;
const RETRY_PAUSE_MS = 25;

/**
 * Takes DATA_DIR for this process: creates `<dir>/conversion-graph.lock` exclusively, or takes
 * over one whose holder is dead. Throws DataDirLocked when a live process holds it (this one
 * included). The lock is released by `release()` or when the process exits.
 */
export async function acquireDataDirLock(dir: string, options: AcquireOptions = {}): Promise<DataDirLock> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE_NAME);
  const content = JSON.stringify(describeThisProcess());
  const deadline = Date.now() + (options.waitMs ?? 5000);
  for (;;) {
    const claim = claimFile(file, content, 0);
    if (claim.won) return holdLock(file, content);
    if (claim.holder) throw new DataDirLocked(dir, claim.holder);
    if (Date.now() > deadline) throw new Error(`could not lock ${dir}: another process is taking ${file} over, or it stays unreadable`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
  }
}

/** Linux: the process's start time in clock ticks after boot; null without /proc or when it is gone. */
export function processStartTime(pid: number): string | null {
  return readProcStat(pid)?.startTime ?? null;
}

type Claim = { won: true } | { won: false; holder?: LockHolder };

type Seen =
  | { state: 'missing' }
  | { state: 'held'; holder: LockHolder }
  | { state: 'abandoned'; identity: string }
  /** Unreadable but young: its writer may still be writing. */
  | { state: 'settling' };

function claimFile(file: string, content: string, depth: number): Claim {
  if (createExclusive(file, content)) return { won: true };
  const seen = inspect(file);
  switch (seen.state) {
    case 'missing':
    case 'settling':
      return { won: false };
    case 'held':
      return { won: false, holder: seen.holder };
    case 'abandoned':
      return { won: takeOver(file, seen.identity, content, depth) };
  }
}

/**
 * Replaces an abandoned file, under a `.takeover` file claimed the same way (so a taker killed
 * inside it is itself taken over): of two processes finding the same abandoned lock, the second
 * to get the `.takeover` sees the file changed and leaves it.
 */
function takeOver(file: string, abandoned: string, content: string, depth: number): boolean {
  if (depth >= MAX_TAKEOVER_DEPTH) return false;
  const guard = `${file}.takeover`;
  if (!claimFile(guard, content, depth + 1).won) return false;
  try {
    if (identityOf(file) === abandoned) unlinkIfPresent(file);
    // Exclusive even here: a fresh start may have created the file since the unlink.
    return createExclusive(file, content);
  } finally {
    if (readIfPresent(guard) === content) unlinkIfPresent(guard);
  }
}

function holdLock(file: string, content: string): DataDirLock {
  // Synchronous, so `process.exit()` (signal handlers, crashes) still releases the directory.
  const release = (): void => {
    process.removeListener('exit', release);
    if (readIfPresent(file) === content) unlinkIfPresent(file);
  };
  process.on('exit', release);
  return { file, release };
}

function inspect(file: string): Seen {
  const read = readWithIdentity(file);
  if (!read) return { state: 'missing' };
  const holder = parseHolder(read.text);
  if (!holder) {
    return Date.now() - read.modifiedAt >= UNREADABLE_GRACE_MS ? { state: 'abandoned', identity: read.identity } : { state: 'settling' };
  }
  return isAlive(holder) ? { state: 'held', holder } : { state: 'abandoned', identity: read.identity };
}

function isAlive(holder: LockHolder): boolean {
  // Another machine, or another container sharing the volume: its pids mean nothing here.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false;
    // EPERM: the process exists under another user.
  }
  const stat = readProcStat(holder.pid);
  if (!stat) return true;
  if (stat.state === 'Z') return false;
  return holder.processStart === null || holder.processStart === stat.startTime;
}

function describeThisProcess(): LockHolder {
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    processStart: processStartTime(process.pid),
    hostname: hostname(),
    command: process.argv.slice(1).join(' ').slice(0, 300),
  };
}

function parseHolder(text: string): LockHolder | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, startedAt, processStart, hostname: host, command } = value as Record<string, unknown>;
  const valid = typeof pid === 'number' && Number.isInteger(pid) && pid > 0
    && typeof startedAt === 'string' && (processStart === null || typeof processStart === 'string')
    && typeof host === 'string' && typeof command === 'string';
  return valid ? { pid, startedAt, processStart, hostname: host, command } : undefined;
}

function readProcStat(pid: number): { state: string; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, startTime] = [fields[0], fields[19]];
  return state && startTime ? { state, startTime } : undefined;
}

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    closeSync(fd);
    unlinkIfPresent(file);
    throw error;
  }
  closeSync(fd);
  return true;
}

/** The file's text with an identity (inode + content) that changes whenever the file is replaced or rewritten. */
function readWithIdentity(file: string): { text: string; identity: string; modifiedAt: number } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
    return { text, identity: `${stat.ino}-${digest}`, modifiedAt: stat.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function identityOf(file: string): string | undefined {
  return readWithIdentity(file)?.identity;
}

function readIfPresent(file: string): string | undefined {
  return readWithIdentity(file)?.text;
}

function unlinkIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
