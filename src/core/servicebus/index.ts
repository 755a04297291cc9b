// The Service Bus layer: the only code that imports @azure/service-bus and @azure/identity.
export { ServiceBusConnection } from './connection';
export { describeServiceBusError } from './errors';
export { EMULATOR_MANAGEMENT_PORT, parseConnectionString } from './connection-string';
export type { ConnectionStringInfo } from './connection-string';
export * from './types';
