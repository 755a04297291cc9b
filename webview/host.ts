// The webview's side of the protocol: typed requests to the extension host with ids and a
// timeout, answers matched by id, and the saved state (source ids and view state only). Pages
// arrive in the wire format of core/events/wire.ts and are decoded here, once.
import type { TimelineMessage } from '../src/core/events/records';
import { PageDecoder } from '../src/core/events/wire';
import { type HostToWebview, REQUEST_TIMEOUT_MS, type TimelineState, type WebviewToHost } from '../src/timeline/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): TimelineState | undefined;
  setState(state: TimelineState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function savedState(): TimelineState | undefined {
  return api.getState();
}

export function saveState(state: TimelineState): void {
  api.setState(state);
}

type PageMessage = Extract<HostToWebview, { type: 'page' }>;
/** A host message as the view handles it: a page's messages decoded. */
export type HostMessage = Exclude<HostToWebview, PageMessage> | (Omit<PageMessage, 'page'> & { messages: TimelineMessage[] });

type Request = WebviewToHost extends infer R ? (R extends WebviewToHost ? Omit<R, 'requestId'> : never) : never;

export class HostConnection {
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Decodes the pages after the last `reset` (the host starts a new stream of pages with each). */
  private decoder = new PageDecoder();

  /** onMessage gets every host message; onTimeout is called when a request got no answer in time. */
  constructor(
    private readonly onMessage: (message: HostMessage) => void,
    private readonly onTimeout: () => void,
  ) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isHostMessage(event.data)) {
        this.settle(event.data);
        this.onMessage(this.decoded(event.data));
      }
    });
  }

  request(message: Request): void {
    const requestId = this.nextId++;
    this.timers.set(
      requestId,
      setTimeout(() => {
        this.timers.delete(requestId);
        this.onTimeout();
      }, REQUEST_TIMEOUT_MS),
    );
    api.postMessage({ ...message, requestId } as WebviewToHost);
  }

  /** A page with its messages decoded; a page that cannot be read becomes an error to show. */
  private decoded(message: HostToWebview): HostMessage {
    if (message.type === 'reset') {
      this.decoder = new PageDecoder();
    }
    if (message.type !== 'page') {
      return message;
    }
    const { page, ...rest } = message;
    try {
      return { ...rest, messages: this.decoder.decode(page) };
    } catch {
      return { type: 'error', requestId: message.requestId, message: 'The extension sent a page of messages the timeline could not read. Select Refresh to read them again.' };
    }
  }

  private settle(message: HostToWebview): void {
    // Any answer means the host took the request: a long read reports progress with pages and
    // can be cancelled, so the timeout only guards silence.
    if ('requestId' in message && message.requestId !== undefined) {
      clearTimeout(this.timers.get(message.requestId));
      this.timers.delete(message.requestId);
    }
  }
}

const HOST_TYPES = new Set(['reset', 'page', 'loading', 'settings', 'ack', 'error']);

function isHostMessage(value: unknown): value is HostToWebview {
  const message = value as { type?: unknown; received?: unknown; done?: unknown; canLoadMore?: unknown } | null;
  const type = message?.type;
  if (typeof type !== 'string' || !HOST_TYPES.has(type)) {
    return false;
  }
  // The page itself is checked while it is decoded.
  return type !== 'page' || (typeof message?.received === 'number' && typeof message.done === 'boolean' && typeof message.canLoadMore === 'boolean');
}
