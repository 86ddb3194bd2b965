// The ReplicaBroadcast contract (SPEC §1.2): what one process announces, every process on the
// store hears, itself included; a cut listening connection is reported as a loss, and notices
// flow again once it is back. Run on the in-process adapter and on PostgreSQL LISTEN/NOTIFY.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplicaBroadcast, ReplicaNotice } from '../../application/ports/replica-broadcast';

export interface ReplicaBroadcastHarness {
  /** The broadcast of one more process on the same store. */
  open(): Promise<ReplicaBroadcast>;
  /** Cuts `broadcast`'s listening connection, as a server restart or a network cut would. */
  cut(broadcast: ReplicaBroadcast): Promise<void>;
  /** Resolves once `broadcast` hears notices (again): the adapter reconnects by itself, or the test plays it. */
  live(broadcast: ReplicaBroadcast): Promise<void>;
}

/** What a listener heard, with a way to wait for more. */
export class Inbox {
  readonly notices: ReplicaNotice[] = [];
  losses = 0;
  private waiters: (() => void)[] = [];
  readonly listener = {
    notice: (notice: ReplicaNotice) => {
      this.notices.push(notice);
      this.wake();
    },
    lost: () => {
      this.losses += 1;
      this.wake();
    },
  };

  /** Resolves once `done` holds (checked at each notice or loss); the test's timeout bounds the wait. */
  async until(done: (inbox: Inbox) => boolean): Promise<void> {
    while (!done(this)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  tags(): string[] {
    return this.notices.flatMap((notice) => (notice.kind === 'cache-tags' ? notice.tags : []));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export function replicaBroadcastContract(name: string, harness: () => Promise<ReplicaBroadcastHarness>): void {
  describe(`ReplicaBroadcast contract [${name}]`, () => {
    const opened: ReplicaBroadcast[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((broadcast) => broadcast.close()));
    });

    const listening = async (h: ReplicaBroadcastHarness) => {
      const broadcast = await h.open();
      opened.push(broadcast);
      const inbox = new Inbox();
      broadcast.listen(inbox.listener);
      await h.live(broadcast);
      expect(broadcast.live).toBe(true);
      return { broadcast, inbox };
    };

    it('delivers each notice to every process on the store, the announcing one included, in order', async () => {
      const h = await harness();
      const [a, b] = [await listening(h), await listening(h)];
      const notices: ReplicaNotice[] = [
        { kind: 'user-sessions', companyId: 'c-1', userId: 'u-1' },
        { kind: 'session-ended', sessionId: 'f-1' },
        { kind: 'cache-tags', tags: ['c:1:product:p', 'c:1:search', 'ünïcode ✓'] },
        { kind: 'outbox-written' },
      ];
      for (const notice of notices) await a.broadcast.announce(notice);
      for (const { inbox } of [a, b]) {
        await inbox.until((i) => i.notices.length >= 4);
        expect(inbox.notices).toEqual(notices);
      }
    });

    it('delivers a tag list of any length whole, split as the store needs', async () => {
      const h = await harness();
      const [a, b] = [await listening(h), await listening(h)];
      const tags = Array.from({ length: 3_000 }, (_, i) => `c:0192f0e4-7a1b-7c3d-9e8f-${String(i).padStart(12, '0')}:product:${i}`);
      await a.broadcast.announce({ kind: 'cache-tags', tags });
      await a.broadcast.announce({ kind: 'session-ended', sessionId: 'after' });
      await b.inbox.until((i) => i.notices.some((n) => n.kind === 'session-ended'));
      expect(b.inbox.tags()).toEqual(tags);
    });

    it('tells a listener once when its connection is cut, and delivers to it again once back', async () => {
      const h = await harness();
      const [a, b] = [await listening(h), await listening(h)];
      await h.cut(b.broadcast);
      await b.inbox.until((i) => i.losses > 0);
      expect(b.inbox.losses).toBe(1);
      await h.live(b.broadcast);
      // A process whose listener was cut can still tell the others.
      await b.broadcast.announce({ kind: 'session-ended', sessionId: 'from-b' });
      await a.broadcast.announce({ kind: 'session-ended', sessionId: 'from-a' });
      await a.inbox.until((i) => i.notices.length >= 2);
      await b.inbox.until((i) => i.notices.some((n) => n.kind === 'session-ended' && n.sessionId === 'from-a'));
      expect(a.inbox.notices).toEqual([
        { kind: 'session-ended', sessionId: 'from-b' },
        { kind: 'session-ended', sessionId: 'from-a' },
      ]);
      expect(b.inbox.losses).toBe(1);
    });

    it('stops delivering to a removed listener and to a closed broadcast, whose announcements reject', async () => {
      const h = await harness();
      const [a, b] = [await listening(h), await listening(h)];
      const removed = new Inbox();
      const remove = a.broadcast.listen(removed.listener);
      remove();
      await b.broadcast.close();
      expect(b.broadcast.live).toBe(false);
      await expect(b.broadcast.announce({ kind: 'session-ended', sessionId: 'x' })).rejects.toThrow();
      await a.broadcast.announce({ kind: 'session-ended', sessionId: 'y' });
      await a.inbox.until((i) => i.notices.length >= 1);
      expect([removed.notices, b.inbox.notices]).toEqual([[], []]);
      await b.broadcast.close();
    });
  });
}
