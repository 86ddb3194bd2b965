import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLocked, LOCK_FILE_NAME, processStartTime, type LockHolder } from '../../../adapters/postgres/data-dir-lock';

const hasProc = existsSync('/proc/self/stat');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-lock-'));
  dirs.push(dir);
  return dir;
}

const lockFile = (dir: string) => join(dir, LOCK_FILE_NAME);
const readHolder = (file: string): LockHolder => JSON.parse(readFileSync(file, 'utf8'));

function writeLock(file: string, holder: Partial<LockHolder>): void {
  const full: LockHolder = { pid: 1, startedAt: '2026-01-01T00:00:00.000Z', processStart: null, hostname: hostname(), command: 'test', ...holder };
  writeFileSync(file, JSON.stringify(full));
}

/** Makes a file look written `ms` ago. */
function age(file: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  utimesSync(file, then, then);
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function liveChild(): ChildProcess & { pid: number } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  children.push(child);
  if (child.pid === undefined) throw new Error('no pid');
  return child as ChildProcess & { pid: number };
}

describe('data directory lock', () => {
  it('creates the directory and a lock file naming this process, and removes it on release', async () => {
    const dir = join(tempDir(), 'not-yet');
    const lock = await acquireDataDirLock(dir);
    expect(readHolder(lock.file)).toMatchObject({ pid: process.pid, hostname: hostname(), processStart: processStartTime(process.pid) });
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lock.release();
    (await acquireDataDirLock(dir)).release();
  });

  it('refuses a second acquire while held, naming the holder, its start time and the directory', async () => {
    const dir = tempDir();
    const lock = await acquireDataDirLock(dir);
    const { startedAt } = readHolder(lock.file);
    const refused = await acquireDataDirLock(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLocked);
    expect((refused as DataDirLocked).holder.pid).toBe(process.pid);
    expect((refused as DataDirLocked).message).toContain(`DATA_DIR ${dir} is in use by process ${process.pid} (started ${startedAt}`);
    expect((refused as DataDirLocked).message).toMatch(/stop it first or point DATABASE_URL at PostgreSQL$/);
    expect(readHolder(lock.file).startedAt).toBe(startedAt);
    lock.release();
  });

  it('leaves a lock file alone once another process holds it', async () => {
    const dir = tempDir();
    const lock = await acquireDataDirLock(dir);
    const taker = JSON.stringify({ ...readHolder(lock.file), pid: process.pid + 1 });
    writeFileSync(lock.file, taker);
    lock.release();
    expect(readFileSync(lock.file, 'utf8')).toBe(taker);
  });

  it('takes over the lock of a process that has exited', async () => {
    const dir = tempDir();
    writeLock(lockFile(dir), { pid: await deadPid() });
    const lock = await acquireDataDirLock(dir);
    expect(readHolder(lock.file).pid).toBe(process.pid);
    lock.release();
  });

  it.skipIf(!hasProc)('takes over a lock whose pid now belongs to a process started later (pid reuse)', async () => {
    const dir = tempDir();
    const other = liveChild();
    await new Promise((resolve) => other.once('spawn', resolve));
    writeLock(lockFile(dir), { pid: other.pid, processStart: processStartTime(other.pid) });
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`in use by process ${other.pid}`);

    writeLock(lockFile(dir), { pid: other.pid, processStart: '1' });
    const lock = await acquireDataDirLock(dir);
    expect(readHolder(lock.file).pid).toBe(process.pid);
    lock.release();
  });

  it('treats a holder on another host as alive, and says how to clear it', async () => {
    const dir = tempDir();
    writeLock(lockFile(dir), { pid: await deadPid(), hostname: 'elsewhere' });
    await expect(acquireDataDirLock(dir)).rejects.toThrow(new RegExp(`on host elsewhere .*delete ${lockFile(dir)}`));
  });

  it('waits out an unreadable lock file while it may still be being written, then takes it over', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '{"pid":');
    await expect(acquireDataDirLock(dir, { waitMs: 200 })).rejects.toThrow(/could not lock/);
    expect(readFileSync(lockFile(dir), 'utf8')).toBe('{"pid":');

    age(lockFile(dir), 60_000);
    const lock = await acquireDataDirLock(dir);
    expect(readHolder(lock.file).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over an empty lock file left by a crash between create and write', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '');
    age(lockFile(dir), 60_000);
    (await acquireDataDirLock(dir)).release();
  });

  it('does not take over while another live process is taking the same lock over', async () => {
    const dir = tempDir();
    const file = lockFile(dir);
    writeLock(file, { pid: await deadPid() });
    const stale = readFileSync(file, 'utf8');
    writeLock(`${file}.takeover`, { pid: process.pid, processStart: processStartTime(process.pid) });
    await expect(acquireDataDirLock(dir, { waitMs: 200 })).rejects.toThrow(/could not lock/);
    expect(readFileSync(file, 'utf8')).toBe(stale);
  });

  it('takes over a takeover file left by a taker that died inside it', async () => {
    const dir = tempDir();
    const file = lockFile(dir);
    writeLock(file, { pid: await deadPid() });
    writeLock(`${file}.takeover`, { pid: await deadPid() });
    const lock = await acquireDataDirLock(dir);
    expect(readHolder(lock.file).pid).toBe(process.pid);
    expect(existsSync(`${file}.takeover`)).toBe(false);
    lock.release();
  });

  describe('processes racing for one abandoned lock', () => {
    const RACERS = 6;
    const ROUNDS = 5;

    it.each([
      ['the lock of an exited process', async (file: string) => writeLock(file, { pid: await deadPid() })],
      ['an unreadable lock file', async (file: string) => { writeFileSync(file, 'garbage'); age(file, 60_000); }],
    ])('%s: exactly one takes it, the others name the winner', async (_, abandon) => {
      const racers = await Promise.all(Array.from({ length: RACERS }, () => startRacer()));
      for (let round = 0; round < ROUNDS; round++) {
        const dir = tempDir();
        await abandon(lockFile(dir));
        const results = await Promise.all(racers.map((racer) => racer.race(dir)));

        const winners = racers.filter((_, i) => results[i] === 'won');
        expect(winners).toHaveLength(1);
        const winnerPid = winners[0]?.pid;
        expect(results.filter((r) => r !== 'won')).toEqual(Array(RACERS - 1).fill(`locked by ${winnerPid}`));
        expect(readHolder(lockFile(dir)).pid).toBe(winnerPid);
      }
    });
  });
});

// A racer loads the lock module, says "ready", then for each line `<dir> <start time>` lets go
// of what it won before, waits for the start time (so all racers go at once), tries to lock
// `dir` and reports. It keeps what it won until the next round, so the losers find a live holder.
const RACER = `
const { acquireDataDirLock, DataDirLocked } = await import(process.env.LOCK_MODULE);
const { createInterface } = await import('node:readline');
console.log('ready');
let held;
for await (const line of createInterface({ input: process.stdin })) {
  const [dir, at] = line.split(' ');
  held?.release();
  while (Date.now() < Number(at));
  try {
    held = await acquireDataDirLock(dir);
    console.log('won');
  } catch (error) {
    held = undefined;
    console.log(error instanceof DataDirLocked ? 'locked by ' + error.holder.pid : 'error ' + error.message);
  }
}
`;

interface Racer {
  readonly pid: number | undefined;
  /** Starts a round on `dir` shortly; resolves with "won", "locked by <pid>" or "error …". */
  race(dir: string): Promise<string>;
}

async function startRacer(): Promise<Racer> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', RACER], {
    env: { ...process.env, LOCK_MODULE: new URL('../../../adapters/postgres/data-dir-lock.ts', import.meta.url).href },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  if (!child.stdout || !child.stdin) throw new Error('no pipes');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  expect(await next()).toBe('ready');
  const stdin = child.stdin;
  return {
    pid: child.pid,
    race: (dir) => {
      stdin.write(`${dir} ${Date.now() + 50}\n`);
      return next();
    },
  };
}
