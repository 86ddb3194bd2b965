// The drainer's pacing against a store whose drains succeed or fail on command: one drain at a
// time, backing off while the store is away, and one warning per outage.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JournalDrainer } from '../../../adapters/clickhouse/journal-drainer';

class ScriptedStore {
  drains = 0;
  down = false;
  private release: (() => void) | null = null;
  hold = false;

  async drain(): Promise<number> {
    this.drains += 1;
    if (this.hold) await new Promise<void>((resolve) => (this.release = resolve));
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    return 1;
  }

  finish(): void {
    this.hold = false;
    this.release?.();
    this.release = null;
  }
}

describe('JournalDrainer', () => {
  let store: ScriptedStore;
  let lines: { level: string; details: object }[];
  let drainer: JournalDrainer;

  beforeEach(() => {
    vi.useFakeTimers();
    store = new ScriptedStore();
    lines = [];
    drainer = new JournalDrainer(
      store,
      { warn: (details) => lines.push({ level: 'warn', details }), info: (details) => lines.push({ level: 'info', details }) },
      { intervalMs: 60_000, minBackoffMs: 100, maxBackoffMs: 400, minGapMs: 0 },
    );
  });
  afterEach(async () => {
    await drainer.stop();
    vi.useRealTimers();
  });

  it('drains at start and when nudged, and folds nudges during a drain into one more', async () => {
    drainer.start();
    await drainer.idle();
    expect(store.drains).toBe(1);
    store.hold = true;
    drainer.nudge();
    for (let i = 0; i < 5; i += 1) drainer.nudge();
    store.finish();
    await drainer.idle();
    expect(store.drains).toBe(3);
  });

  it('backs off while the store is away, doubling up to the limit, and warns once per outage', async () => {
    store.down = true;
    drainer.start();
    await drainer.idle();
    expect(store.drains).toBe(1);
    // Nudges while backing off do not reach the store.
    for (let i = 0; i < 10; i += 1) drainer.nudge();
    expect(store.drains).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.drains).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(store.drains).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.drains).toBe(3);
    await vi.advanceTimersByTimeAsync(400);
    await vi.advanceTimersByTimeAsync(400);
    expect(store.drains).toBe(5);
    expect(lines).toEqual([{ level: 'warn', details: { reason: 'ECONNREFUSED' } }]);

    store.down = false;
    await vi.advanceTimersByTimeAsync(400);
    expect(store.drains).toBe(6);
    expect(lines[1]).toEqual({ level: 'info', details: { moved: 1, failedDrains: 5 } });
    drainer.nudge();
    await drainer.idle();
    expect(store.drains).toBe(7);

    store.down = true;
    drainer.nudge();
    await drainer.idle();
    expect(lines.map((line) => line.level)).toEqual(['warn', 'info', 'warn']);
  });

  it('finishes the drain in progress on stop, and drains no more', async () => {
    drainer.start();
    await drainer.idle();
    store.hold = true;
    drainer.nudge();
    const stopped = drainer.stop();
    drainer.nudge();
    store.finish();
    await stopped;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(store.drains).toBe(2);
  });

  it('starts a drain no sooner than minGapMs after the last one began, and stops without waiting out the gap', async () => {
    const paced = new JournalDrainer(store, { warn: () => undefined, info: () => undefined }, { intervalMs: 60_000, minGapMs: 500 });
    paced.start();
    await paced.idle();
    expect(store.drains).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    paced.nudge();
    await vi.advanceTimersByTimeAsync(299);
    expect(store.drains).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.drains).toBe(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(store.drains).toBe(2);

    paced.nudge();
    await paced.idle();
    expect(store.drains).toBe(3);
    paced.nudge();
    await paced.stop();
    expect(store.drains).toBe(3);
  });
});
