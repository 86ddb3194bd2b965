// Publishing with publisher confirms that never resolves early and never hangs: every
// message must be acked by the broker; a nack, a closed channel or a silent broker rejects.
import type { ConfirmChannel, Options } from 'amqplib';

export interface OutgoingMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly options: Options.Publish;
}

/**
 * Publishes `messages` in order and resolves once the broker confirmed all of them. Rejects
 * on the first nack, when the channel closes before every confirm arrived, or when no
 * progress (a confirm or a drained buffer) happened for `idleTimeoutMs`.
 */
export async function publishConfirmed(
  channel: ConfirmChannel,
  messages: readonly OutgoingMessage[],
  idleTimeoutMs: number,
): Promise<void> {
  const confirms = new Confirmations(idleTimeoutMs);
  try {
    for (const message of messages) {
      confirms.expect();
      const hasRoom = channel.publish(message.exchange, message.routingKey, message.content, message.options, confirms.callback);
      if (!hasRoom) await drained(channel, confirms);
    }
    confirms.seal();
  } catch (error) {
    // publish throws once the channel is closed; earlier confirms fail with it.
    confirms.fail(error as Error);
  }
  await confirms.done;
}

/** Waits for the channel's write buffer to drain, unless the channel closes or the confirms fail first. */
function drained(channel: ConfirmChannel, confirms: Confirmations): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      channel.off('drain', onDrain);
      channel.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      confirms.progress();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('channel closed while waiting for its buffer to drain'));
    };
    channel.on('drain', onDrain);
    channel.on('close', onClose);
    confirms.done.catch((error: unknown) => {
      cleanup();
      reject(error as Error);
    });
  });
}

class Confirmations {
  readonly done: Promise<void>;
  private pending = 0;
  private sealed = false;
  private settled = false;
  private resolve!: () => void;
  private reject!: (error: Error) => void;
  private readonly timer: NodeJS.Timeout;

  constructor(idleTimeoutMs: number) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Observed here so a failure before the caller awaits is not an unhandled rejection.
    this.done.catch(() => undefined);
    this.timer = setTimeout(() => this.fail(new Error(`no publisher confirm from RabbitMQ for ${idleTimeoutMs} ms`)), idleTimeoutMs);
  }

  readonly callback = (error: unknown): void => {
    if (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.pending -= 1;
    this.progress();
    this.settleIfDone();
  };

  expect(): void {
    this.pending += 1;
  }

  seal(): void {
    this.sealed = true;
    this.settleIfDone();
  }

  progress(): void {
    if (!this.settled) this.timer.refresh();
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.reject(error);
  }

  private settleIfDone(): void {
    if (this.settled || !this.sealed || this.pending > 0) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve();
  }
}
