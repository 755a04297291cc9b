// Which subscriptions of a topic receive a message, judged from their rules before a replay
// sends anything: a topic cannot send to one subscription, so a resubmitted copy reaches every
// subscription whose rules accept it. True and correlation filters are evaluated exactly; a SQL
// filter would need Service Bus's SQL engine, so it is "may receive".

export type PropertyValue = string | number | boolean | Date;

/** The properties of a message that filters look at. */
export interface MessageFacts {
  correlationId?: string;
  messageId?: string;
  to?: string;
  replyTo?: string;
  subject?: string;
  sessionId?: string;
  replyToSessionId?: string;
  contentType?: string;
  applicationProperties?: Record<string, unknown>;
}

/** A correlation filter names values for the same properties; every named one must be equal. */
export interface CorrelationFilter extends Omit<MessageFacts, 'applicationProperties'> {
  kind: 'correlation';
  applicationProperties?: Record<string, PropertyValue>;
}

export type RuleFilter = { kind: 'true' } | { kind: 'false' } | CorrelationFilter | { kind: 'sql'; expression: string };

export interface SubscriptionRule {
  name: string;
  filter: RuleFilter;
}

export interface SubscriptionRules {
  subscription: string;
  rules: SubscriptionRule[];
}


export type FilterVerdict = 'matches' | 'no' | 'may';

const SYSTEM_KEYS = ['correlationId', 'messageId', 'to', 'replyTo', 'subject', 'sessionId', 'replyToSessionId', 'contentType'] as const;

/** SQL text the service stores for its true and false filters. */
const TRUE_SQL = /^\s*1\s*=\s*1\s*$/;
const FALSE_SQL = /^\s*1\s*=\s*0\s*$/;

/** A SQL filter whose text is the true or false filter's is that filter. */
export function normaliseFilter(filter: RuleFilter): RuleFilter {
  if (filter.kind === 'sql' && TRUE_SQL.test(filter.expression)) {
    return { kind: 'true' };
  }
  if (filter.kind === 'sql' && FALSE_SQL.test(filter.expression)) {
    return { kind: 'false' };
  }
  return filter;
}

function sameValue(expected: PropertyValue, actual: unknown): boolean {
  if (expected instanceof Date) {
    return actual instanceof Date && actual.getTime() === expected.getTime();
  }
  if (typeof expected === 'number' && typeof actual === 'bigint') {
    return Number.isInteger(expected) && BigInt(expected) === actual;
  }
  return actual === expected;
}

/** Every property a correlation filter names must equal the message's (strings compare exactly, as Service Bus does). */
function correlationVerdict(filter: CorrelationFilter, facts: MessageFacts): FilterVerdict {
  const systemOk = SYSTEM_KEYS.every((key) => filter[key] === undefined || filter[key] === facts[key]);
  const props = facts.applicationProperties ?? {};
  const appOk = Object.entries(filter.applicationProperties ?? {}).every(([name, value]) => sameValue(value, props[name]));
  return systemOk && appOk ? 'matches' : 'no';
}

export function evaluateFilter(filter: RuleFilter, facts: MessageFacts): FilterVerdict {
  const f = normaliseFilter(filter);
  switch (f.kind) {
    case 'true':
      return 'matches';
    case 'false':
      return 'no';
    case 'sql':
      return 'may';
    case 'correlation':
      return correlationVerdict(f, facts);
  }
}

/** A subscription keeps a copy when any of its rules matches; SQL rules leave it open. */
export function evaluateRules(rules: readonly SubscriptionRule[], facts: MessageFacts): FilterVerdict {
  const verdicts = rules.map((rule) => evaluateFilter(rule.filter, facts));
  return verdicts.includes('matches') ? 'matches' : verdicts.includes('may') ? 'may' : 'no';
}

/** What one subscription will get from a replay of some messages. */
export interface ReplayAudience {
  subscription: string;
  /** Messages its rules certainly accept. */
  receives: number;
  /** Messages only a SQL filter could accept: Service Bus decides. */
  mayReceive: number;
  /** One line for a person: "receives 12", "may receive 3 (SQL filter)", "receives none". */
  summary: string;
}

export function replayAudience(subscriptions: readonly SubscriptionRules[], messages: readonly MessageFacts[]): ReplayAudience[] {
  return subscriptions.map(({ subscription, rules }) => {
    let receives = 0;
    let mayReceive = 0;
    for (const facts of messages) {
      const verdict = evaluateRules(rules, facts);
      receives += verdict === 'matches' ? 1 : 0;
      mayReceive += verdict === 'may' ? 1 : 0;
    }
    const parts: string[] = [];
    if (receives > 0) {
      parts.push(`receives ${receives}`);
    }
    if (mayReceive > 0) {
      parts.push(`may receive ${mayReceive} (SQL filter, decided by Service Bus)`);
    }
    return { subscription, receives, mayReceive, summary: parts.length > 0 ? parts.join(', ') : 'receives none' };
  });
}
