// The webview's side of the protocol: typed requests to the extension host with ids and a
// timeout, answers matched by id, and the saved state (source ids and view state only).
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

type Request = WebviewToHost extends infer R ? (R extends WebviewToHost ? Omit<R, 'requestId'> : never) : never;

export class HostConnection {
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** onMessage gets every host message; onTimeout is called when a request got no answer in time. */
  constructor(
    private readonly onMessage: (message: HostToWebview) => void,
    private readonly onTimeout: () => void,
  ) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isHostMessage(event.data)) {
        this.settle(event.data);
        this.onMessage(event.data);
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
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && HOST_TYPES.has(type);
}
