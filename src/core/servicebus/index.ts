// The Service Bus layer: the only code that imports @azure/service-bus and @azure/identity.
export { ServiceBusConnection, SessionIdRequiredError } from './connection';
export type { ConnectionOptions } from './connection';
export { ConnectionDroppedError } from './connection-drops';
export { duplicateExplanation, replaySucceeded } from './replay';
export type { DeadLetterSelection, PossibleDuplicate, ReplayFailure, ReplayReport, ResubmitOptions, SendEventsOptions } from './replay';
export { evaluateFilter, evaluateRules, replayAudience } from './rules';
export type { FilterVerdict, MessageFacts, ReplayAudience, RuleFilter, SubscriptionRule, SubscriptionRules } from './rules';
export { describeServiceBusError } from './errors';
export { EMULATOR_MANAGEMENT_PORT, parseConnectionString } from './connection-string';
export type { ConnectionStringInfo } from './connection-string';
export * from './types';
