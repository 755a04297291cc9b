// Fault switches for tests: make the Nth send or settle fail, drop client connections (now, or at
// the Nth send or peek), or slow every answer down. Counting starts when a switch is set, so a
// test arms a fault right before the work it wants to break ("the 3rd send from now fails").

export type SettleOutcome = 'complete' | 'abandon' | 'deadLetter';

export interface FaultOptions {
  /** How many operations in a row fail, starting with the Nth (default 1). */
  times?: number;
  /**
   * AMQP error condition of the failure (default `amqp:internal-error`, which the SDK retries, so
   * `times` must outlast its retries; `amqp:not-allowed` fails at once).
   */
  condition?: string;
  description?: string;
}

export interface AmqpFault {
  condition: string;
  description: string;
}

interface Armed {
  first: number;
  last: number;
  error: AmqpFault;
}

/** What the broker does with one incoming send. */
export type SendVerdict = { kind: 'ok' } | { kind: 'fail'; error: AmqpFault } | { kind: 'drop' };

function arm(counter: number, nth: number, options: FaultOptions, what: string): Armed {
  if (!Number.isInteger(nth) || nth < 1) {
    throw new RangeError(`nth must be a whole number from 1 (the next ${what}).`);
  }
  const times = options.times ?? 1;
  return {
    first: counter + nth,
    last: counter + nth + times - 1,
    error: {
      condition: options.condition ?? 'amqp:internal-error',
      description: options.description ?? `Sandbox fault: the ${what} failed on purpose.`,
    },
  };
}

export class SandboxFaults {
  private sendCount = 0;
  private readonly settleCounts: Record<SettleOutcome, number> = { complete: 0, abandon: 0, deadLetter: 0 };
  private sendFaults: Armed[] = [];
  private settleFaults: Array<Armed & { outcome: SettleOutcome }> = [];
  private dropAtSends: number[] = [];
  private peekCount = 0;
  private dropAtPeeks: number[] = [];
  private delay = 0;
  /** Holds a peek answer until the promise settles (e.g. until a token was renewed). */
  delayPeek?: (address: string) => Promise<void> | undefined;
  /** Set by the AMQP server: destroys every client socket. */
  private dropper: () => void = () => undefined;

  /** Sends (deliveries to the topic, a batch counts once) the broker has seen since start. */
  get sends(): number {
    return this.sendCount;
  }

  /** Settlements of one outcome the broker has seen since start. */
  settles(outcome: SettleOutcome): number {
    return this.settleCounts[outcome];
  }

  /** The Nth send from now (1 = the next) is refused, and `times - 1` sends after it. */
  failSend(nth: number, options: FaultOptions = {}): void {
    this.sendFaults.push(arm(this.sendCount, nth, options, 'send'));
  }

  /** The Nth settlement with this outcome from now (default: complete) is refused; the message keeps its lock. */
  failSettle(nth: number, options: FaultOptions & { outcome?: SettleOutcome } = {}): void {
    const outcome = options.outcome ?? 'complete';
    this.settleFaults.push({ ...arm(this.settleCounts[outcome], nth, options, outcome), outcome });
  }

  /** At the Nth send from now the broker closes the client's socket without storing the message or answering. */
  dropConnectionAtSend(nth: number): void {
    this.dropAtSends.push(arm(this.sendCount, nth, {}, 'send').first);
  }

  /** At the Nth peek request from now the broker closes the client's socket instead of answering (the request is lost with it). */
  dropConnectionAtPeek(nth: number): void {
    this.dropAtPeeks.push(arm(this.peekCount, nth, {}, 'peek').first);
  }

  /** Closes every client connection now (the SDK reconnects on its next operation). */
  dropConnections(): void {
    this.dropper();
  }

  /** Every answer (send outcomes, settlements, management replies) waits this long; 0 turns it off. */
  delayAnswers(ms: number): void {
    this.delay = Math.max(0, ms);
  }

  /** Turns every switch off. */
  clear(): void {
    this.sendFaults = [];
    this.settleFaults = [];
    this.dropAtSends = [];
    this.dropAtPeeks = [];
    this.delay = 0;
  }

  /** @internal The AMQP server's hooks. */
  get answerDelayMs(): number {
    return this.delay;
  }

  /** @internal */
  setDropper(dropper: () => void): void {
    this.dropper = dropper;
  }

  /** @internal Counts one send and says what to do with it. */
  onSend(): SendVerdict {
    const n = ++this.sendCount;
    if (this.dropAtSends.includes(n)) {
      return { kind: 'drop' };
    }
    const fault = this.sendFaults.find((f) => n >= f.first && n <= f.last);
    return fault ? { kind: 'fail', error: fault.error } : { kind: 'ok' };
  }

  /** @internal Counts one peek request; true means drop the connection instead of answering. */
  onPeek(): boolean {
    return this.dropAtPeeks.includes(++this.peekCount);
  }

  /** @internal Counts one settlement; an error means refuse it. */
  onSettle(outcome: SettleOutcome): AmqpFault | undefined {
    const n = ++this.settleCounts[outcome];
    return this.settleFaults.find((f) => f.outcome === outcome && n >= f.first && n <= f.last)?.error;
  }
}
