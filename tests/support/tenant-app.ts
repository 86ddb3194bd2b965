// The usual set-up of an e2e describe block: an app started before its tests, a client for it
// and one registered company, the app closed after them.
import { afterAll, beforeAll } from 'vitest';
import { registerCompany, type Tenant } from './builders';
import { httpClient, type Call } from './http-client';
import { startTestApp, type TestApp } from './test-app';

export interface TenantApp {
  readonly app: TestApp;
  /** Usable as soon as it is destructured: it calls the app once the block's beforeAll has run. */
  readonly call: Call;
  /** Replaceable, for a block whose tests re-issue the owner's token. */
  tenant: Tenant;
}

/** Registers the block's beforeAll/afterAll; read `app` and `tenant` inside tests and hooks only. */
export function useTenantApp(options: Parameters<typeof startTestApp>[0] = {}, timeout?: number): TenantApp {
  let app: TestApp | undefined;
  let client: Call | undefined;
  let tenant: Tenant | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTenantApp: read before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    app = await startTestApp(options);
    client = httpClient(app.baseUrl);
    tenant = await registerCompany(client);
  }, timeout);
  afterAll(() => app?.close());
  return {
    get app() {
      return started(app);
    },
    call: (method, path, callOptions) => started(client)(method, path, callOptions),
    get tenant() {
      return started(tenant);
    },
    set tenant(value) {
      tenant = value;
    },
  };
}
