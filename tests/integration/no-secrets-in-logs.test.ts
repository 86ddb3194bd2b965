// A write that fails in the store while it carries a password hash, an email and tokens leaves
// a log line with the request id and the SQLSTATE, and none of those values (PGlite and PostgreSQL).
// SDK ingestion, served or failing, logs neither the X-Api-Key secret nor anything of the events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import type { InMemoryMailer } from '../../adapters/memory/in-memory-mailer';
import type { OutboxPump } from '../../adapters/system/outbox-pump';
import { CryptoSecrets } from '../../adapters/security/crypto-secrets';
import { createApp, type App } from '../../composition/app';
import { loadConfig } from '../../composition/config';
import { createLogger } from '../../composition/logger';
import { TOKENS } from '../../composition/tokens';
import { httpClient, type Call, type HttpResult } from '../support/http-client';
import { TEST_SCRYPT_COST } from '../support/test-app';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueSlug } from '../support/unique';

const kinds = (await postgresAvailable()) ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

const CHECK_VIOLATION = '23514';
// NOT VALID keeps the rows already there, so only new writes (inserts and updates) fail.
const REJECT_WRITES = [
  'alter table users add constraint cg_test_reject_users check (false) not valid',
  'alter table refresh_tokens add constraint cg_test_reject_refresh check (false) not valid',
];

const SAFE_ERROR_FIELDS = new Set(['type', 'code', 'constraint', 'table', 'column', 'statement', 'stack']);

interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly requestId?: string;
  readonly err?: { readonly code?: string; readonly statement?: string };
}

describe.each(kinds)('logs of failed store writes on %s', (kind) => {
  const lines: string[] = [];
  /** Every value that must never be logged. */
  const secrets: string[] = [];
  let db: TestDatabase;
  let app: App;
  let call: Call;
  let mailer: InMemoryMailer;

  const keep = <T extends string | undefined>(value: T): T => {
    if (value) secrets.push(value);
    return value;
  };
  const person = (slug: string) => ({
    email: keep(`person-${uniqueSlug('p')}@${slug}.test`),
    password: keep(`pw-${uniqueSlug('secret')}`),
    displayName: keep(`Display ${uniqueSlug('name')}`),
  });
  const logLines = () => lines.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    app = await createApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }),
      store: 'database',
      orm: db.orm,
      jwtSecret: 'test-secret-test-secret-test-secret-0123',
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
      clock: new FixedClock(new Date()),
      scryptCost: TEST_SCRYPT_COST,
      mail: 'memory',
    });
    call = httpClient(`http://127.0.0.1:${await app.listen(0)}`);
    mailer = app.container.get<InMemoryMailer>(TOKENS.Mailer);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const expectInternal = (res: HttpResult): string => {
    expect(res.status, JSON.stringify(res.body)).toBe(500);
    expect(res.body.error.code).toBe('internal');
    return res.headers.get('x-request-id') ?? '';
  };

  // First: the other case rejects every write to users, which registering a company needs.
  it('logs no X-Api-Key secret and no event value of an ingestion request, served or failing', async () => {
    const slug = uniqueSlug();
    const registered = await call('POST', '/api/v1/companies', { body: { name: 'Sdk', slug, owner: person(slug) } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const key = await call('POST', '/api/v1/api-keys', { token: registered.body.tokens.accessToken, body: { name: 'sdk' } });
    expect(key.status).toBe(201);
    const secret = keep<string>(key.body.secret);
    const event = () => ({
      messageId: keep(uniqueSlug('msg')),
      type: 'track',
      event: keep(`Event ${uniqueSlug('name')}`),
      userId: keep(uniqueSlug('user')),
      properties: { email: keep(`buyer-${uniqueSlug('e')}@example.test`), note: keep(uniqueSlug('note')) },
      timestamp: new Date().toISOString(),
    });
    const send = (apiKey: string, events: unknown[]) => call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': apiKey }, body: { events } });

    const served = await send(secret, [event(), { ...event(), type: 'identify', userId: undefined, anonymousId: keep(uniqueSlug('anon')) }]);
    expect([served.status, served.body.accepted, served.body.rejected.length]).toEqual([202, 1, 1]);
    expect((await send(keep(`cgk_${uniqueSlug('unknown')}`), [event()])).status).toBe(401);
    const sql = db.orm.em.getConnection();
    await sql.execute('alter table analytics_event_keys add constraint cg_test_reject_keys check (false) not valid');
    try {
      const requestId = expectInternal(await send(secret, [event()]));
      const logged = logLines().find((line) => line.requestId === requestId && line.level >= 50);
      expect(logged?.err?.code).toBe(CHECK_VIOLATION);
      expect(Object.keys(logged?.err ?? {}).filter((field) => !SAFE_ERROR_FIELDS.has(field))).toEqual([]);
    } finally {
      await sql.execute('alter table analytics_event_keys drop constraint cg_test_reject_keys');
    }
    // The requests were logged (at info), just without those values.
    expect(logLines().filter((line) => (line as { path?: string }).path === '/api/v1/events/batch').length).toBeGreaterThanOrEqual(3);
    const log = lines.join('');
    for (const value of secrets) expect(log).not.toContain(value);
    expect(log).not.toContain('Failing row contains');
  });

  it('logs the request id and SQLSTATE of each failed write, and no password, hash, email, name or token', async () => {
    const slug = uniqueSlug();
    const owner = person(slug);
    const registered = await call('POST', '/api/v1/companies', { body: { name: 'Acme', slug, owner } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const loggedIn = await call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email: owner.email, password: owner.password } });
    expect(loggedIn.status).toBe(200);
    const refreshToken = keep<string>(loggedIn.body.tokens.refreshToken);
    keep<string>(loggedIn.body.tokens.accessToken);
    keep<string>(registered.body.tokens.refreshToken);
    keep<string>(registered.body.tokens.accessToken);
    expect((await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: slug, email: owner.email } })).status).toBe(202);
    // The mail leaves through the outbox: wait until the relay has handed the request over.
    await app.container.get<OutboxPump>(TOKENS.OutboxPump).idle();
    const resetToken = keep(/token: (\S+)/.exec(mailer.lastTo(owner.email)?.text ?? '')?.[1] ?? '');
    expect(resetToken).not.toBe('');
    const secretHashes = new CryptoSecrets('any key: hashes do not depend on it');
    for (const token of [refreshToken, resetToken]) keep(secretHashes.hash(token));

    for (const sql of REJECT_WRITES) await db.orm.em.getConnection().execute(sql);

    const newcomer = person(slug);
    const failures = [
      await call('POST', '/api/v1/companies', { body: { name: 'Beta', slug: uniqueSlug(), owner: person(slug) } }),
      await call('POST', '/api/v1/auth/signup', { body: { companySlug: slug, ...newcomer } }),
      await call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email: owner.email, password: owner.password } }),
      await call('POST', '/api/v1/auth/refresh', { body: { refreshToken } }),
      await call('POST', '/api/v1/auth/password-reset/confirm', { body: { token: resetToken, newPassword: keep(`new-${uniqueSlug('pw')}`) } }),
    ];

    for (const failure of failures) {
      const requestId = expectInternal(failure);
      const logged = logLines().find((line) => line.requestId === requestId && line.level >= 50);
      expect(logged, `no error line for ${requestId}`).toBeDefined();
      expect(logged?.err?.code).toBe(CHECK_VIOLATION);
      // The shape only: the driver's message, detail and parameters are never logged, scrubbed or not.
      expect(Object.keys(logged?.err ?? {}).filter((key) => !SAFE_ERROR_FIELDS.has(key))).toEqual([]);
      // The failing statement's shape: its SQL with placeholders where the values were.
      expect(logged?.err?.statement).toMatch(/\b(users|refresh_tokens)\b[\s\S]*\?/);
    }
    const log = lines.join('');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain('scrypt$');
    expect(log).not.toContain('eyJ');
    expect(log).not.toContain('Failing row contains');
  });
});
