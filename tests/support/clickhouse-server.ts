// A ClickHouse server of the test's own, to stop and start again on the same data: the shared one
// on :8123 serves other suites. It runs Debian's binary (CLICKHOUSE_SERVER_BIN, default
// /usr/sbin/clickhouse-server) with a cut-down copy of the package's config on free ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './api-process';
import { clickhouseCommand } from './clickhouse';

export const CLICKHOUSE_SERVER_BIN = process.env.CLICKHOUSE_SERVER_BIN ?? '/usr/sbin/clickhouse-server';

/** Whether this machine has the server binary. Throws under CI, where skipping is not allowed. */
export function clickhouseServerInstalled(): boolean {
  if (existsSync(CLICKHOUSE_SERVER_BIN)) return true;
  if (process.env.CI === 'true') throw new Error(`${CLICKHOUSE_SERVER_BIN} is missing and CI=true forbids skipping (.ci/run installs clickhouse-server)`);
  console.warn(`\n*** SKIPPED: ${CLICKHOUSE_SERVER_BIN} is missing ***\n`);
  return false;
}

const config = (dir: string, httpPort: number, tcpPort: number) => `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${dir}/server.log</log>
    <errorlog>${dir}/server.err.log</errorlog>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/data/tmp/</tmp_path>
  <user_files_path>${dir}/data/user_files/</user_files_path>
  <format_schema_path>${dir}/data/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
</yandex>
`;

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

export class PrivateClickHouse {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly configFile: string,
    readonly url: string,
  ) {}

  /** Starts a server on a new data directory and resolves once it answers. */
  static async start(): Promise<PrivateClickHouse> {
    const dir = await mkdtemp(join(tmpdir(), 'cg-clickhouse-'));
    const [httpPort, tcpPort] = [await freePort(), await freePort()];
    const configFile = join(dir, 'config.xml');
    await writeFile(configFile, config(dir, httpPort, tcpPort));
    await writeFile(join(dir, 'users.xml'), USERS);
    const server = new PrivateClickHouse(dir, configFile, `http://127.0.0.1:${httpPort}`);
    await server.restart();
    return server;
  }

  /** Starts the server again on the same data directory and resolves once it answers. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('the private ClickHouse is running');
    const child = spawn(CLICKHOUSE_SERVER_BIN, [`--config-file=${this.configFile}`], { cwd: this.dir, stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}: ${await this.errorLog()}`);
      try {
        await clickhouseCommand('select 1', this.url);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`clickhouse-server did not answer within 30 s (${String(error)}): ${await this.errorLog()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Stops the server with `signal` (SIGKILL: as a crash would) and resolves once it exited. */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (!this.child) return;
    this.child.kill(signal);
    await this.exited;
    this.child = null;
  }

  /** Stops the server and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async errorLog(): Promise<string> {
    return readFile(join(this.dir, 'server.err.log'), 'utf8').then((text) => text.slice(-2000), () => '(no error log)');
  }
}
