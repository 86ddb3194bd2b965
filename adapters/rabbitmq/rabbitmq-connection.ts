// One AMQP connection with amqplib's built-in recovery: reconnects with backoff after the
// broker drops it, and runs `setup` after every (re)connect, where channels, topology and
// consumers are recreated (channels die with their connection).
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';

/** A pino-like logger; the bus logs reconnects and failures it swallows. */
export interface BusLog {
  info?(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLog: BusLog = { warn: () => undefined, error: () => undefined };

export interface ReconnectOptions {
  /** First delay before reconnecting (ms); doubles up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface RabbitMqConnectionOptions {
  readonly url: string;
  /** Names the connection in logs and in the broker's connection list. */
  readonly role: string;
  readonly log: BusLog;
  readonly setup?: (model: ChannelModel) => Promise<void>;
  readonly reconnect?: ReconnectOptions;
  /** Failed attempts before the first connection gives up; unlimited by default. */
  readonly initialMaxRetries?: number;
  /** Told when an established connection is lost (before recovery starts). */
  readonly onDisconnect?: () => void;
}

export class RabbitMqConnection {
  private model: Promise<RecoveringChannelModel> | null = null;
  private lastError: Error | null = null;
  private connectedOnce = false;

  constructor(private readonly options: RabbitMqConnectionOptions) {}

  /** Starts connecting (once) and resolves with the recovering model without waiting for the broker. */
  open(): Promise<RecoveringChannelModel> {
    this.model ??= this.connect();
    return this.model;
  }

  /** Resolves once connected for the first time; rejects when the first connection gave up. */
  async waitForConnect(): Promise<void> {
    await (await this.open()).waitForConnect();
  }

  /** A new confirm channel, waiting at most `timeoutMs` for the broker. */
  async confirmChannel(timeoutMs: number): Promise<ConfirmChannel> {
    const model = await this.open();
    // createConfirmChannel waits for a connection without limit; a channel that arrives after the timeout is closed.
    const discardLate = (late: ConfirmChannel) => void late.close().catch(() => undefined);
    const channel = await withTimeout(model.createConfirmChannel(), timeoutMs, discardLate, () => this.unreachable(timeoutMs));
    return guardChannel(channel, this.options.log, this.options.role);
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = null;
    const opened = await model?.catch(() => null); // a connect that failed outright has nothing to close
    await opened?.close();
  }

  private unreachable(timeoutMs: number): Error {
    const cause = this.lastError ? `: ${this.lastError.message}` : '';
    return new Error(`RabbitMQ not reachable within ${timeoutMs} ms (${this.options.role})${cause}`);
  }

  private async connect(): Promise<RecoveringChannelModel> {
    const { url, role, log, setup, reconnect, initialMaxRetries } = this.options;
    const model = await connect(url, {
      timeout: 5_000,
      clientProperties: { connection_name: role },
      recovery: {
        waitForConnect: false,
        initialDelay: reconnect?.initialDelayMs ?? 100,
        maxDelay: reconnect?.maxDelayMs ?? 5_000,
        initialMaxRetries: initialMaxRetries ?? Infinity,
        setup: async (connected: ChannelModel) => {
          // Recovery forwards 'error' only once setup succeeded; until then a failure
          // surfaces as 'connect-failed', and an unheard 'error' would throw.
          connected.on('error', () => undefined);
          await setup?.(connected);
        },
      },
    });
    // Listeners go on before the first attempt runs (it is deferred), so no event is missed.
    model.on('connect', () => {
      this.lastError = null;
      if (this.connectedOnce) log.warn({ role }, 'reconnected to RabbitMQ');
      this.connectedOnce = true;
    });
    model.on('disconnect', (error: Error) => {
      this.lastError = error;
      this.options.onDisconnect?.();
      log.warn({ err: error, role }, 'lost the RabbitMQ connection; reconnecting');
    });
    model.on('connect-failed', (error: Error) => {
      this.lastError = error;
      log.warn({ err: error, role }, 'could not connect to RabbitMQ; retrying');
    });
    model.on('reconnect-failed', (error: Error) => log.error({ err: error, role }, 'gave up reconnecting to RabbitMQ'));
    model.on('error', (error: Error) => log.warn({ err: error, role }, 'RabbitMQ connection error'));
    return model;
  }
}

/** One confirm channel shared by concurrent publishers (confirms are tracked per message), replaced once it closes. */
export class SharedConfirmChannel {
  private channel: Promise<ConfirmChannel> | null = null;

  /** `timeoutMs`: how long opening waits for a connection. */
  constructor(
    private readonly connection: RabbitMqConnection,
    private readonly timeoutMs: number,
  ) {}

  get(): Promise<ConfirmChannel> {
    if (this.channel) return this.channel;
    const opening = this.connection.confirmChannel(this.timeoutMs);
    const forget = () => {
      if (this.channel === opening) this.channel = null;
    };
    opening.then((channel) => channel.on('close', forget), forget);
    this.channel = opening;
    return opening;
  }

  /** Drops the channel (its connection is closing). */
  forget(): void {
    this.channel = null;
  }
}

/** Channel errors are emitted as events; an unheard 'error' would crash the process. */
export function guardChannel<C extends Channel>(channel: C, log: BusLog, role: string): C {
  channel.on('error', (error: Error) => log.warn({ err: error, role }, 'RabbitMQ channel error'));
  return channel;
}

/** The broker's own code on an error that closed a channel (404 not found, 406 precondition failed). */
export function replyCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Races `promise` against a timer; a value arriving too late goes to `discardLate`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, discardLate: (late: T) => void, timeoutError: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(timeoutError());
    }, timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) discardLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
