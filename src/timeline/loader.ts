// Peeks a timeline's source and reads the messages into learner journeys. Runs in a cancellable
// progress notification whose token aborts the peek itself (an AbortController's signal).
import * as vscode from 'vscode';
import { interpretMessages } from '../core/events';
import { describeServiceBusError } from '../core/servicebus';
import type { PeekOptions, PeekedMessage } from '../core/servicebus/types';
import type { TimelineData, TimelineSource } from './protocol';

export interface TimelineDeps {
  peek(connectionId: string, options: PeekOptions): Promise<PeekedMessage[]>;
  /** The connection's label, or undefined when it was removed. */
  connectionLabel(connectionId: string): string | undefined;
}

export function sourceTitle(source: TimelineSource, deps: TimelineDeps): string {
  const queue = source.deadLetter ? `${source.subscription} (dead-letter)` : source.subscription;
  const connection = deps.connectionLabel(source.connectionId);
  return connection ? `${queue} · ${connection}` : queue;
}

export async function loadTimeline(source: TimelineSource, deps: TimelineDeps): Promise<TimelineData> {
  const title = sourceTitle(source, deps);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Peeking ${title}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancellation = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        const messages = await deps.peek(source.connectionId, {
          topic: source.topic,
          subscription: source.subscription,
          deadLetter: source.deadLetter,
          maxMessages: source.max,
          fromSequenceNumber: source.fromSequence,
          signal: abort.signal,
          onProgress: (read) => {
            progress.report({ message: `${read} of up to ${source.max} messages`, increment: ((read - reported) / source.max) * 100 });
            reported = read;
          },
        });
        if (abort.signal.aborted) {
          throw new vscode.CancellationError();
        }
        return {
          source,
          title,
          messageCount: messages.length,
          peekedAt: new Date().toISOString(),
          interpretation: interpretMessages(messages),
        };
      } catch (error) {
        if (abort.signal.aborted) {
          throw new vscode.CancellationError();
        }
        throw new Error(`Could not peek ${title}: ${describeServiceBusError(error)}`, { cause: error });
      } finally {
        cancellation.dispose();
      }
    },
  );
}
