// Reads a timeline's source page by page. A peek source is read as a loop of peeks, each from
// the sequence number after the last one read, so pages reach an open timeline as they arrive
// and an AbortSignal stops between (and inside) pages. A file source is read and imported with
// no connection. This is the one place that adapts the Service Bus layer to the timeline: if it
// gains a page callback, only peekPages changes.
import * as vscode from 'vscode';
import { nextSequenceNumber } from '../core/events/dataset';
import { importMessages } from '../core/events/export';
import type { PeekedMessage } from '../core/events/model';
import type { PeekOptions, ScheduledPeekOptions } from '../core/servicebus/types';
import { fileText } from '../core/text-file';
import type { PeekSource, ScheduledSource, TimelineSource } from './protocol';

/** Messages per peek: small enough for steady progress, large enough to keep round trips few. */
export const PAGE_SIZE = 250;

export interface TimelineDeps {
  peek(connectionId: string, options: PeekOptions): Promise<PeekedMessage[]>;
  /** The scheduled messages the topic holds until their time. */
  peekScheduled(connectionId: string, options: ScheduledPeekOptions): Promise<PeekedMessage[]>;
  /** The connection's label, or undefined when it was removed. */
  connectionLabel(connectionId: string): string | undefined;
  /** Whether names and contacts are masked by default (setting ctEvents.maskPersonalData). */
  maskPersonalData(): boolean;
}

export interface ReadRequest {
  /** Peek from this sequence number (Load more); absent: from the source's own start. */
  from?: string;
  signal: AbortSignal;
  onPage(messages: PeekedMessage[], receivedSoFar: number): Promise<void>;
}

export interface ReadResult {
  received: number;
  /** The source may hold more messages after the last one read. */
  more: boolean;
}

export function isFileSource(source: TimelineSource): source is Extract<TimelineSource, { kind: 'file' }> {
  return source.kind === 'file';
}

export function sourceTitle(source: TimelineSource, deps: TimelineDeps): string {
  if (isFileSource(source)) {
    const path = vscode.Uri.parse(source.uri).path;
    return path.slice(path.lastIndexOf('/') + 1) || 'events file';
  }
  const queue = source.kind === 'scheduled' ? `${source.topic} (scheduled)`
    : source.queue === 'transferDeadLetter' ? `${source.subscription} (transfer dead-letter)`
    : source.deadLetter ? `${source.subscription} (dead-letter)`
      : source.sessionId !== undefined ? `${source.subscription} (session ${source.sessionId})` : source.subscription;
  const connection = deps.connectionLabel(source.connectionId);
  return connection ? `${queue} · ${connection}` : queue;
}

export async function readSource(source: TimelineSource, deps: TimelineDeps, request: ReadRequest): Promise<ReadResult> {
  if (isFileSource(source)) {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(source.uri));
    const messages = importMessages(fileText(bytes));
    for (let at = 0; at < messages.length && !request.signal.aborted; at += PAGE_SIZE) {
      await request.onPage(messages.slice(at, at + PAGE_SIZE), Math.min(at + PAGE_SIZE, messages.length));
    }
    return { received: messages.length, more: false };
  }
  return peekPages(source, deps, request);
}

/** One peek of the source: a subscription's queue, or the topic's scheduled messages. */
function peekOnce(source: PeekSource | ScheduledSource, deps: TimelineDeps, page: ScheduledPeekOptions): Promise<PeekedMessage[]> {
  if (source.kind === 'scheduled') {
    return deps.peekScheduled(source.connectionId, page);
  }
  const { subscription, deadLetter, queue, sessionId } = source;
  return deps.peek(source.connectionId, { ...page, subscription, deadLetter, queue, sessionId });
}

async function peekPages(source: PeekSource | ScheduledSource, deps: TimelineDeps, request: ReadRequest): Promise<ReadResult> {
  let from = request.from ?? source.fromSequence;
  let received = 0;
  while (received < source.max && !request.signal.aborted) {
    const want = Math.min(PAGE_SIZE, source.max - received);
    const page = await peekOnce(source, deps, { topic: source.topic, maxMessages: want, fromSequenceNumber: from, signal: request.signal });
    if (request.signal.aborted) {
      break;
    }
    received += page.length;
    if (page.length > 0) {
      await request.onPage(page, received);
    }
    const next = nextSequenceNumber(page);
    if (page.length < want || next === undefined) {
      return { received, more: false };
    }
    from = next;
  }
  return { received, more: !request.signal.aborted };
}
