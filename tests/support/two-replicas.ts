// Two API replicas (app instances in this process) on one fresh PostgreSQL database, with a
// client for each and one company registered through A: the set-up of the *-across-replicas suites.
import { afterAll, beforeAll } from 'vitest';
import { registerCompany, type Tenant } from './builders';
import { httpClient, type Call } from './http-client';
import { startTestApp, type TestApp } from './test-app';
import { openTestDatabase, type TestDatabase } from './test-databases';

export interface TwoReplicas {
  readonly db: TestDatabase;
  readonly a: TestApp;
  readonly b: TestApp;
  /** Usable as soon as destructured: they call the replicas once the block's beforeAll has run. */
  readonly onA: Call;
  readonly onB: Call;
  readonly tenant: Tenant;
}

export interface TwoReplicasOptions {
  readonly env?: Record<string, string>;
  /** Runs once both replicas listen, before the company is registered. */
  readonly started?: (a: TestApp, b: TestApp) => Promise<void>;
}

/** Registers the block's beforeAll/afterAll; read the fields inside tests and hooks only. */
export function useTwoReplicas(options: TwoReplicasOptions = {}): TwoReplicas {
  let state: { db: TestDatabase; a: TestApp; b: TestApp; onA: Call; onB: Call; tenant: Tenant } | undefined;
  const started = () => {
    if (!state) throw new Error('useTwoReplicas: read before its beforeAll ran');
    return state;
  };
  const opened: { db?: TestDatabase; apps: TestApp[] } = { apps: [] };
  beforeAll(async () => {
    const db = (opened.db = await openTestDatabase('postgres'));
    const start = async () => {
      const app = await startTestApp({ store: 'postgres', database: db, env: options.env ?? {} });
      opened.apps.push(app);
      return app;
    };
    const a = await start();
    const b = await start();
    await options.started?.(a, b);
    const [onA, onB] = [httpClient(a.baseUrl), httpClient(b.baseUrl)];
    state = { db, a, b, onA, onB, tenant: await registerCompany(onA) };
  });
  afterAll(async () => {
    for (const app of opened.apps) await app.close();
    await opened.db?.close();
  });
  return {
    get db() {
      return started().db;
    },
    get a() {
      return started().a;
    },
    get b() {
      return started().b;
    },
    onA: (method, path, callOptions) => started().onA(method, path, callOptions),
    onB: (method, path, callOptions) => started().onB(method, path, callOptions),
    get tenant() {
      return started().tenant;
    },
  };
}
