// The local sandbox broker, run inside the extension host with the seed data while VS Code is
// open. Its connection string exists only in memory; the broker stops when the extension does.
import type { Log } from '../log';
import { type RunningSandbox, startSandbox } from '../sandbox';

export class LocalSandbox {
  private current: RunningSandbox | undefined;

  constructor(private readonly log: Log) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Starts the broker on free loopback ports and returns its connection string. */
  async start(): Promise<string> {
    try {
      this.current = await startSandbox({ seed: 'journey' });
    } catch (error) {
      throw new Error('The local sandbox could not start.', { cause: error });
    }
    this.log.info(`sandbox listening: AMQP port ${this.current.amqpPort}, management port ${this.current.adminPort}`);
    return this.current.connectionString;
  }

  async stop(): Promise<void> {
    const running = this.current;
    this.current = undefined;
    if (running) {
      await running.stop();
      this.log.info('sandbox stopped');
    }
  }
}
