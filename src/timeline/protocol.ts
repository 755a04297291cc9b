// The timeline's message protocol: the one file of types shared by the extension host
// (src/timeline) and the webview (webview/). Every message has a `type`; each direction is a union.
// The webview speaks first (`ready`); every webview message is a request with an id, and the host
// answers it with `timeline` or `error` carrying the same id.
import type { Interpretation } from '../core/events/model';

export const TIMELINE_VIEW_TYPE = 'ctEvents.timeline';

/** Where a timeline's messages come from: ids only, never a secret or message data. */
export interface TimelineSource {
  connectionId: string;
  topic: string;
  subscription: string;
  deadLetter: boolean;
  /** Decimal sequence number to start from; absent means from the first message. */
  fromSequence?: string;
  /** Most messages to peek. */
  max: number;
}

/** What the webview keeps with vscode.setState: enough to restore the panel after a reload. */
export interface TimelineState {
  source: TimelineSource;
  /** Scroll position of the page, restored after a re-render. */
  scrollY?: number;
}

export interface TimelineData {
  source: TimelineSource;
  /** For the heading, e.g. "alpha (dead-letter) · Local sandbox". */
  title: string;
  /** How many messages the peek returned. */
  messageCount: number;
  /** ISO-8601 time of the peek. */
  peekedAt: string;
  interpretation: Interpretation;
}

export type WebviewToHost =
  /** The page is loaded and listening: send the timeline. */
  | { type: 'ready'; requestId: number }
  /** Peek again with the same source. */
  | { type: 'refresh'; requestId: number };

export type HostToWebview =
  | { type: 'loading'; requestId?: number; message: string }
  | { type: 'timeline'; requestId?: number; data: TimelineData }
  | { type: 'error'; requestId?: number; message: string };

/** How long the webview waits for an answer before it says the extension did not reply. */
export const REQUEST_TIMEOUT_MS = 120_000;

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  const message = value as { type?: unknown; requestId?: unknown } | null;
  return (
    typeof message === 'object' && message !== null &&
    (message.type === 'ready' || message.type === 'refresh') &&
    typeof message.requestId === 'number'
  );
}
