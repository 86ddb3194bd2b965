// Where the client keeps its identity and its unsent events between page loads: the Web
// Storage subset it uses (localStorage in browsers; any object with these methods elsewhere).
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/**
 * Storage whose failures (quota exceeded, storage disabled in private windows) are reported,
 * never thrown into the caller's `track`: without storage the client still works, in memory.
 */
export class GuardedStorage {
  constructor(
    private readonly storage: KeyValueStorage,
    /** A prefix per API key and host: two clients on one page never read each other's events. */
    readonly prefix: string,
    private readonly failed: (message: string) => void,
  ) {}

  get(name: string): string | null {
    return this.guard(() => this.storage.getItem(this.prefix + name), null);
  }

  set(name: string, value: string): void {
    this.guard(() => this.storage.setItem(this.prefix + name, value), undefined);
  }

  remove(name: string): void {
    this.guard(() => this.storage.removeItem(this.prefix + name), undefined);
  }

  /** The names under this prefix that start with `start`. */
  names(start: string): string[] {
    return this.guard(() => {
      const found: string[] = [];
      for (let i = 0; i < this.storage.length; i++) {
        const key = this.storage.key(i);
        if (key?.startsWith(this.prefix + start)) found.push(key.slice(this.prefix.length));
      }
      return found;
    }, []);
  }

  private guard<T>(action: () => T, fallback: T): T {
    try {
      return action();
    } catch (error) {
      this.failed(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  }
}

/** FNV-1a, 32 bits: names a client's keys after its API key without writing the secret itself. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
