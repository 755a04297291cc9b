// Subscription rules in the sandbox: which copies of a published message a subscription keeps.
// True and correlation filters are applied as Service Bus applies them. The sandbox has no SQL
// engine, so a SQL filter lets every message through (a client must call that "may receive").
// Kept apart from src/core/servicebus on purpose: the broker checks the client, it does not share its code.
import { message as rheaMessage } from 'rhea';
import type { MessageSections } from './amqp-codec';

export type PropertyValue = string | number | boolean | Date;

export interface CorrelationRuleFilter {
  kind: 'correlation';
  correlationId?: string;
  messageId?: string;
  to?: string;
  replyTo?: string;
  /** The label / subject. */
  subject?: string;
  sessionId?: string;
  replyToSessionId?: string;
  contentType?: string;
  applicationProperties?: Record<string, PropertyValue>;
}

export type SandboxRuleFilter = { kind: 'true' } | { kind: 'false' } | CorrelationRuleFilter | { kind: 'sql'; expression: string };

export interface SandboxRule {
  name: string;
  filter: SandboxRuleFilter;
}

export const DEFAULT_RULE: SandboxRule = { name: '$Default', filter: { kind: 'true' } };

/** The system and application properties a filter looks at, read from the stored sections. */
export interface MessageFacts {
  system: Partial<Record<'correlationId' | 'messageId' | 'to' | 'replyTo' | 'subject' | 'sessionId' | 'replyToSessionId' | 'contentType', string>>;
  applicationProperties: Record<string, unknown>;
}

export function factsOf(sections: MessageSections): MessageFacts {
  const present = [sections.properties, sections.applicationProperties].filter((p): p is Buffer => p !== undefined);
  const decoded = present.length > 0 ? (rheaMessage.decode(Buffer.concat(present)) as Record<string, unknown>) : {};
  const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
  return {
    system: {
      correlationId: text(decoded.correlation_id),
      messageId: text(decoded.message_id),
      to: text(decoded.to),
      replyTo: text(decoded.reply_to),
      subject: text(decoded.subject),
      sessionId: text(decoded.group_id),
      replyToSessionId: text(decoded.reply_to_group_id),
      contentType: text(decoded.content_type),
    },
    applicationProperties: (decoded.application_properties as Record<string, unknown> | undefined) ?? {},
  };
}

function sameValue(expected: PropertyValue, actual: unknown): boolean {
  if (expected instanceof Date) {
    return actual instanceof Date && actual.getTime() === expected.getTime();
  }
  return typeof actual === 'bigint' ? typeof expected === 'number' && BigInt(expected) === actual : actual === expected;
}

function correlationMatches(filter: CorrelationRuleFilter, facts: MessageFacts): boolean {
  const keys = ['correlationId', 'messageId', 'to', 'replyTo', 'subject', 'sessionId', 'replyToSessionId', 'contentType'] as const;
  const systemOk = keys.every((key) => filter[key] === undefined || filter[key] === facts.system[key]);
  const props = Object.entries(filter.applicationProperties ?? {});
  return systemOk && props.every(([name, value]) => sameValue(value, facts.applicationProperties[name]));
}

/** Whether a subscription with these rules keeps a copy (any rule matching is enough). */
export function rulesAccept(rules: readonly SandboxRule[], facts: MessageFacts): boolean {
  return rules.some(({ filter }) => {
    switch (filter.kind) {
      case 'true':
      case 'sql':
        return true;
      case 'false':
        return false;
      case 'correlation':
        return correlationMatches(filter, facts);
    }
  });
}
