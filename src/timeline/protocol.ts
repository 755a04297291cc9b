// The timeline's message protocol: the one file of types shared by the extension host
// (src/timeline) and the webview (webview/). Every message has a `type`; each direction is a union.
// The webview speaks first (`ready`); its requests carry ids, and the host's answers (`reset`,
// `page`, `error`...) carry the same id. Messages stream in as `page`s after a `reset`.
import type { ExportFormat } from '../core/events/export';
import type { EventFilter } from '../core/events/filter';
import type { WirePage } from '../core/events/wire';
import type { SubQueue } from '../core/servicebus/types';

export const TIMELINE_VIEW_TYPE = 'ctEvents.timeline';

/** Messages peeked from a subscription: ids only, never a secret or message data. */
export interface PeekSource {
  kind?: 'peek';
  connectionId: string;
  topic: string;
  subscription: string;
  deadLetter: boolean;
  /** Which queue, when it is not the one deadLetter names (the transfer dead-letter queue). */
  queue?: SubQueue;
  /** For a session-enabled subscription: the session to peek (Service Bus cannot list sessions). */
  sessionId?: string;
  /** Decimal sequence number to start from; absent means from the first message. */
  fromSequence?: string;
  /** Most messages to peek. */
  max: number;
}

/**
 * The scheduled messages a topic holds: Service Bus keeps them in the topic until their time, so
 * they belong to no subscription yet (and have no dead-letter queue or session to name).
 */
export interface ScheduledSource {
  kind: 'scheduled';
  connectionId: string;
  topic: string;
  /** Decimal sequence number (the topic's) to start from; absent means from the first message. */
  fromSequence?: string;
  /** Most messages to peek. */
  max: number;
}

/** An events file (an export, or any JSON/NDJSON of CT events), read with no connection. */
export interface FileSource {
  kind: 'file';
  /** The file's URI as text. */
  uri: string;
}

export type TimelineSource = PeekSource | ScheduledSource | FileSource;

/** What the user has set up in the view; kept with setState and restored after a reload. */
export interface ViewState {
  filter: EventFilter;
  mode: 'lanes' | 'list';
  /** Visible time range of the swimlanes, epoch ms. */
  range?: { start: number; end: number };
  /** Sequence number of the selected message. */
  selected?: string;
  /** First lane shown at the top of the swimlanes. */
  laneScroll?: number;
}

/** What the webview keeps with vscode.setState: ids and view state only, never message data. */
export interface TimelineState {
  source: TimelineSource;
  view?: ViewState;
}

export type WebviewToHost =
  /** The page is loaded and listening: send the timeline. */
  | { type: 'ready'; requestId: number }
  /** Read the source again from the start. */
  | { type: 'refresh'; requestId: number }
  /** Peek the next messages after the last sequence number. */
  | { type: 'loadMore'; requestId: number }
  /** Stop the peek under way. */
  | { type: 'cancel'; requestId: number }
  /** Open the original body as a read-only JSON document (names and contacts masked when `mask`). */
  | { type: 'openRaw'; requestId: number; sequenceNumber: string; mask: boolean }
  /** Save the given messages (what the filter shows) to a file. */
  | { type: 'export'; requestId: number; format: ExportFormat; sequenceNumbers: string[]; mask: boolean };

export type HostToWebview =
  /** A new read starts: forget the messages shown. */
  | { type: 'reset'; requestId?: number; title: string; source: TimelineSource; maskPersonalData: boolean }
  /** More messages, encoded by encodePage (core/events/wire.ts); `done` when the read finished (or was cancelled). */
  | { type: 'page'; requestId?: number; page: WirePage; received: number; max?: number; done: boolean; canLoadMore: boolean; note?: string }
  | { type: 'loading'; requestId?: number; message: string; cancellable: boolean }
  | { type: 'settings'; maskPersonalData: boolean }
  /** A request finished with nothing else to send (e.g. an export saved). */
  | { type: 'ack'; requestId: number; message?: string }
  | { type: 'error'; requestId?: number; message: string };

/** How long the webview waits for an answer before it says the extension did not reply. */
export const REQUEST_TIMEOUT_MS = 120_000;

const REQUEST_TYPES = new Set(['ready', 'refresh', 'loadMore', 'cancel', 'openRaw', 'export']);

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  const message = value as { type?: unknown; requestId?: unknown; sequenceNumber?: unknown; format?: unknown; sequenceNumbers?: unknown; mask?: unknown } | null;
  if (typeof message !== 'object' || message === null || typeof message.type !== 'string' || !REQUEST_TYPES.has(message.type) || typeof message.requestId !== 'number') {
    return false;
  }
  if (message.type === 'openRaw') {
    return typeof message.sequenceNumber === 'string' && typeof message.mask === 'boolean';
  }
  if (message.type === 'export') {
    return (
      (message.format === 'csv' || message.format === 'ndjson') && typeof message.mask === 'boolean' &&
      Array.isArray(message.sequenceNumbers) && message.sequenceNumbers.every((s) => typeof s === 'string')
    );
  }
  return true;
}
