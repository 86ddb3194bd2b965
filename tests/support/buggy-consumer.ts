// A consumer with a bug: every attempt fails until the fix is "deployed", so its messages
// end in the dead letters and can be replayed afterwards.
import type { EventConsumer } from '../../application/ports/message-bus';

export interface BuggyConsumer extends EventConsumer {
  /** Ids of the events handled once fixed. */
  readonly handled: string[];
  fix(): void;
}

export function buggyConsumer(): BuggyConsumer {
  let fixed = false;
  const handled: string[] = [];
  return {
    name: 'buggy-consumer',
    eventTypes: ['BuggyThing'],
    handled,
    fix: () => {
      fixed = true;
    },
    async handle({ event }) {
      if (!fixed) throw new Error('bug: cannot handle this yet');
      handled.push(event.id);
    },
  };
}
