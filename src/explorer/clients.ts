// One open Service Bus connection per profile, made on first use and closed when the profile is
// removed or the extension stops. A failed call drops the cached connection so Retry starts afresh.
// Each connection's last state (connected, failed, not signed in) is kept for the tree.
import * as vscode from 'vscode';
import { ServiceBusConnection } from '../core/servicebus';
import type { DeadLetterSelection, ReplayAudience, ReplayReport, ResubmitOptions, SendEventsOptions } from '../core/servicebus';
import type { ConnectionTarget, PeekOptions, PeekedMessage, ScheduledPeekOptions, SubscriptionCounts } from '../core/servicebus/types';
import type { Log } from '../log';
import type { ConnectionStore } from './connections';
import { type ConnectionState, UNKNOWN_STATE, sameState, stateFromError } from './connectionState';
import { completeTarget } from './signIn';

export class ConnectionClients implements vscode.Disposable {
  private readonly open = new Map<string, Promise<ServiceBusConnection>>();
  private readonly states = new Map<string, ConnectionState>();
  private readonly stateChanged = new vscode.EventEmitter<string>();
  /** Fires with a connection id when its state changes (never for a repeat of the same state). */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly store: ConnectionStore,
    private readonly log: Log,
  ) {}

  async listSubscriptions(connectionId: string, topic: string): Promise<SubscriptionCounts[]> {
    return this.use(connectionId, (c) => c.listSubscriptions(topic));
  }

  async peek(connectionId: string, options: PeekOptions): Promise<PeekedMessage[]> {
    return this.use(connectionId, (c) => c.peek(options));
  }

  async peekScheduled(connectionId: string, options: ScheduledPeekOptions): Promise<PeekedMessage[]> {
    return this.use(connectionId, (c) => c.peekScheduled(options));
  }

  /** Which subscriptions will receive copies of these dead letters (see ServiceBusConnection.replayPreview). */
  async replayPreview(
    connectionId: string,
    options: { topic?: string; subscription: string; selection: DeadLetterSelection; signal?: AbortSignal },
  ): Promise<{ audience: ReplayAudience[]; messagesJudged: number; estimated: boolean }> {
    return this.use(connectionId, (c) => c.replayPreview(options));
  }

  async resubmitDeadLetters(connectionId: string, options: ResubmitOptions): Promise<ReplayReport> {
    return this.use(connectionId, (c) => c.resubmitDeadLetters(options));
  }

  async sendEvents(connectionId: string, events: readonly unknown[], options: SendEventsOptions): Promise<ReplayReport> {
    return this.use(connectionId, (c) => c.sendEvents(events, options));
  }

  async purgeDeadLetters(
    connectionId: string,
    options: { topic?: string; subscription: string; signal?: AbortSignal; onProgress?: (removed: number) => void },
  ): Promise<number> {
    return this.use(connectionId, (c) => c.purgeDeadLetters(options));
  }

  /** How to reach a connection, with its credential and transport (for the doctor too). */
  async target(connectionId: string): Promise<ConnectionTarget> {
    const base = await this.store.target(connectionId);
    const profile = this.store.get(connectionId);
    return profile ? completeTarget(base, profile, this.log) : base;
  }

  state(connectionId: string): ConnectionState {
    return this.states.get(connectionId) ?? UNKNOWN_STATE;
  }

  /** Closes and forgets a connection (after its profile was removed, or to reconnect). */
  async close(connectionId: string): Promise<void> {
    const connection = this.open.get(connectionId);
    this.open.delete(connectionId);
    if (connection) {
      await connection.then((c) => c.close()).catch((error: unknown) => this.log.warn(`closing a connection failed: ${String(error)}`));
    }
  }

  /** Closes the connection and forgets its state, so the next load connects afresh. */
  async reconnect(connectionId: string): Promise<void> {
    await this.close(connectionId);
    this.setState(connectionId, UNKNOWN_STATE);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.close(id)));
  }

  dispose(): void {
    this.stateChanged.dispose();
  }

  private setState(connectionId: string, state: ConnectionState): void {
    if (!sameState(this.state(connectionId), state)) {
      this.states.set(connectionId, state);
      this.stateChanged.fire(connectionId);
    }
  }

  private async use<T>(connectionId: string, call: (connection: ServiceBusConnection) => Promise<T>): Promise<T> {
    let connection = this.open.get(connectionId);
    if (!connection) {
      connection = this.target(connectionId).then((target) => new ServiceBusConnection(target));
      this.open.set(connectionId, connection);
    }
    try {
      const result = await call(await connection);
      this.setState(connectionId, { kind: 'connected' });
      return result;
    } catch (error) {
      await this.close(connectionId);
      // A cancelled peek says nothing about the connection.
      if (this.store.get(connectionId) && (error as { name?: unknown } | null)?.name !== 'AbortError') {
        this.setState(connectionId, stateFromError(error));
      }
      throw error;
    }
  }
}
