// bench/ingest's HTTP side: a company and its SDK key signed up as a shop would, and batches
// sent from several clients at once.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { onLanes } from './lanes';

/** The sums of the 202 answers. */
export interface Outcome {
  accepted: number;
  duplicates: number;
  rejected: number;
}

export const noOutcome = (): Outcome => ({ accepted: 0, duplicates: 0, rejected: 0 });

async function post<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${new URL(url).pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A company signed up over HTTP, and an SDK key of its own. */
export async function signUp(base: string, label: string): Promise<{ companyId: string; secret: string }> {
  const slug = `bench-${label}-${randomBytes(4).toString('hex')}`;
  const company = await post<{ company: { id: string }; tokens: { accessToken: string } }>(`${base}/api/v1/companies`, {
    name: `Bench ${label}`, slug, owner: { email: `owner@${slug}.test`, password: 'bench-password', displayName: 'Bench' },
  });
  const key = await post<{ secret: string }>(`${base}/api/v1/api-keys`, { name: 'bench' }, { authorization: `Bearer ${company.tokens.accessToken}` });
  return { companyId: company.company.id, secret: key.secret };
}

function sendBatch(agent: Agent, url: URL, secret: string, body: Buffer): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-api-key': secret } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== 202) return reject(new Error(`POST /api/v1/events/batch: ${res.statusCode} ${text.slice(0, 500)}`));
        const answer = JSON.parse(text) as { accepted: number; duplicates: number; rejected: unknown[] };
        resolve({ accepted: answer.accepted, duplicates: answer.duplicates, rejected: answer.rejected.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `bodies` (made and encoded beforehand, so the clock times the API and not the making) to
 * `POST /api/v1/events/batch` from `clients` keep-alive connections, adding the answers to
 * `tally`; resolves with the seconds from first send to last 202. The connections are made for
 * this call and closed after it: one left idle while the raw path runs could be closed by the
 * server just as it is reused.
 */
export async function sendBatches(base: string, secret: string, bodies: readonly Buffer[], clients: number, tally: Outcome): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL('/api/v1/events/batch', base);
  try {
    return await onLanes(
      bodies.map((body) => async () => {
        const outcome = await sendBatch(agent, url, secret, body);
        tally.accepted += outcome.accepted;
        tally.duplicates += outcome.duplicates;
        tally.rejected += outcome.rejected;
      }),
      clients,
    );
  } finally {
    agent.destroy();
  }
}
