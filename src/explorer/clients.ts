// One open Service Bus connection per profile, made on first use and closed when the profile is
// removed or the extension stops. A failed call drops the cached connection so Retry starts afresh.
import { ServiceBusConnection } from '../core/servicebus';
import type { PeekOptions, PeekedMessage, SubscriptionCounts } from '../core/servicebus/types';
import type { Log } from '../log';
import type { ConnectionStore } from './connections';

export class ConnectionClients {
  private readonly open = new Map<string, Promise<ServiceBusConnection>>();

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

  /** Closes and forgets a connection (after its profile was removed, or to reconnect). */
  async close(connectionId: string): Promise<void> {
    const connection = this.open.get(connectionId);
    this.open.delete(connectionId);
    if (connection) {
      await connection.then((c) => c.close()).catch((error: unknown) => this.log.warn(`closing a connection failed: ${String(error)}`));
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.close(id)));
  }

  private async use<T>(connectionId: string, call: (connection: ServiceBusConnection) => Promise<T>): Promise<T> {
    let connection = this.open.get(connectionId);
    if (!connection) {
      connection = this.store.target(connectionId).then((target) => new ServiceBusConnection(target));
      this.open.set(connectionId, connection);
    }
    try {
      return await call(await connection);
    } catch (error) {
      await this.close(connectionId);
      throw error;
    }
  }
}
