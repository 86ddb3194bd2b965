// Where the CPU goes while a path runs: the API process's, that of the PostgreSQL backends
// serving the bench's database, and a local ClickHouse server's. Read from /proc, so only on
// Linux with the servers on this host; elsewhere the figures are undefined and the bench prints none.
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';

/** USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every Linux build that matters. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user and system) process `pid` used so far, or undefined when /proc does not tell. */
export async function processCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces); utime and stime are the 14th and 15th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far per backend process. */
export type BackendCpu = ReadonlyMap<number, number>;

/** The backends connected to `database` now, with their CPU so far; undefined when /proc does not tell. */
export async function postgresBackendCpu(client: pg.Client, database: string): Promise<BackendCpu | undefined> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = await processCpuSeconds(pid);
    if (seconds === undefined) return undefined;
    cpu.set(pid, seconds);
  }
  return cpu;
}

/**
 * The CPU the backends used between two readings. A backend that ended in between takes its
 * share with it, so this is a lower bound; the API's pool and the raw path keep theirs open
 * while they work. Shared work (WAL writer, checkpoints) is not counted.
 */
export function backendCpuBetween(before: BackendCpu, after: BackendCpu): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The processes whose command name (as /proc cuts it, 15 characters) starts with `prefix`: a local server's. */
export async function processesNamed(prefix: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const name = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (name.startsWith(prefix)) pids.push(Number(entry));
  }
  return pids;
}

/** The CPU seconds `pids` used so far, or undefined when there are none or /proc does not tell. */
export async function totalCpuSeconds(pids: readonly number[]): Promise<number | undefined> {
  if (pids.length === 0) return undefined;
  let total = 0;
  for (const pid of pids) {
    const seconds = await processCpuSeconds(pid);
    if (seconds === undefined) return undefined;
    total += seconds;
  }
  return total;
}
