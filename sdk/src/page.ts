// The few browser globals the client touches, typed here so it compiles without DOM types and
// runs in Node, where none of them exist.
import type { Properties } from './events';
import type { KeyValueStorage } from './storage';

type Listener = () => void;

interface Listenable {
  addEventListener(type: string, listener: Listener): void;
  removeEventListener(type: string, listener: Listener): void;
}

interface PageGlobals extends Partial<Listenable> {
  readonly document?: Listenable & { readonly visibilityState?: string; readonly title?: string; readonly referrer?: string };
  readonly localStorage?: KeyValueStorage;
  readonly location?: { readonly href: string; readonly pathname: string };
}

const page = (): PageGlobals | null => {
  const globals = globalThis as PageGlobals;
  return globals.document && typeof globals.addEventListener === 'function' ? globals : null;
};

/**
 * The page's localStorage; null in Node (even where it has one: a server process is not a
 * visitor) and where the browser blocks storage, whose getter then throws.
 */
export function pageStorage(): KeyValueStorage | null {
  try {
    return page()?.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * Calls `listener` whenever the page is hidden or unloaded: `visibilitychange` to hidden is the
 * last event a mobile browser surely fires, `pagehide` covers navigations where it does not.
 * Returns the detach function (a no-op outside a page).
 */
export function onPageHide(listener: Listener): () => void {
  const globals = page();
  if (!globals?.document) return () => {};
  const { document } = globals;
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') listener();
  };
  document.addEventListener('visibilitychange', onVisibility);
  globals.addEventListener?.('pagehide', listener);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    globals.removeEventListener?.('pagehide', listener);
  };
}

/** What `page()` records by default in a browser (Segment's names); empty elsewhere. */
export function pageProperties(): Properties {
  const globals = page();
  if (!globals?.location) return {};
  return { url: globals.location.href, path: globals.location.pathname, title: globals.document?.title, referrer: globals.document?.referrer || undefined };
}
