// A stream of creates against a running API that keeps every write answered 2xx, for the
// crash-safety tests: whatever was acknowledged must still be there after a kill.
import type { Call } from './http-client';

export interface AckedWrite {
  readonly kind: 'categories' | 'products';
  readonly id: string;
  readonly name: string;
}

/** A write that got no answer: it may or may not have been committed. */
export interface LostWrite {
  readonly kind: AckedWrite['kind'];
  readonly name: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface WriteStream {
  /** Every write answered 2xx, in answer order. */
  readonly acked: readonly AckedWrite[];
  readonly lost: readonly LostWrite[];
  /** How many writes were answered, 2xx or not, and how many got no answer (connection gone). */
  readonly counts: () => {
    readonly answered: number;
    readonly refused: number;
    readonly unanswered: number;
    /** Why the unanswered ones failed, by error code (ECONNREFUSED: never reached the server). */
    readonly causes: Readonly<Record<string, number>>;
  };
  /** Resolves once every writer has stopped: after `stop()`, or when the server is gone. */
  readonly done: Promise<void>;
  readonly stop: () => void;
}

/**
 * `concurrency` writers alternate categories and products, each with a unique name. A writer
 * stops at its first network error: the process is gone or refuses new connections.
 */
export function startWriteStream(call: Call, token: string, options: { prefix: string; concurrency: number }): WriteStream {
  const acked: AckedWrite[] = [];
  const lost: LostWrite[] = [];
  let next = 0;
  let answered = 0;
  let refused = 0;
  let unanswered = 0;
  const causes: Record<string, number> = {};
  let stopped = false;

  const writeOne = async (n: number): Promise<boolean> => {
    const kind = n % 2 === 0 ? 'categories' : 'products';
    const name = `${options.prefix}-${n}`;
    const body = kind === 'categories'
      ? { name, parentId: null }
      : { sku: name, name, price: { amountCents: 100 + n, currency: 'EUR' }, stock: 1 };
    try {
      const res = await call('POST', `/api/v1/${kind}`, { token, body });
      answered++;
      if (res.status >= 200 && res.status < 300) acked.push({ kind, id: res.body.id, name });
      else refused++;
      return true;
    } catch (error) {
      unanswered++;
      lost.push({ kind, name, body });
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      causes[cause] = (causes[cause] ?? 0) + 1;
      return false;
    }
  };

  const writer = async (): Promise<void> => {
    while (!stopped) {
      if (!(await writeOne(next++))) return;
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, writer)).then(() => undefined);
  return {
    acked,
    lost,
    counts: () => ({ answered, refused, unanswered, causes: { ...causes } }),
    done,
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * Which of `lost` the store holds, found by sending each again: its unique name answers 409
 * if the first one was committed (a new one is created otherwise).
 */
export async function committedAmong(call: Call, token: string, lost: readonly LostWrite[]): Promise<LostWrite[]> {
  const committed: LostWrite[] = [];
  for (const write of lost) {
    const res = await call('POST', `/api/v1/${write.kind}`, { token, body: write.body });
    if (res.status === 409) committed.push(write);
    else if (res.status !== 201) throw new Error(`resending ${write.kind} ${write.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return committed;
}
