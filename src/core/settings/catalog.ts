// The settings this linter judges, and how .NET matches their names: case-insensitive, `__`
// standing for `:`, nested objects the same as flat `a:b:c` names.

export const FQDN_SETTING = 'ServiceBusNamespaceFQDN';
export const EVENTS_SECTION = 'Features:Events';

export interface EventSetting {
  name: string;
  eventType: string;
  summary: string;
}

export const EVENT_SETTINGS: readonly EventSetting[] = [
  { name: 'Login', eventType: 'LOGIN', summary: 'a learner signs in (or their sign-in token is renewed in the mobile app)' },
  { name: 'CourseStart', eventType: 'COURSE_START', summary: 'a learner opens a course (also re-sent when the course page re-renders)' },
  { name: 'ModuleCompletion', eventType: 'MODULE_COMPLETION', summary: 'a lesson or an exam inside a course is completed' },
  { name: 'CourseCompletion', eventType: 'COURSE_COMPLETION', summary: 'a course is completed (its exam passed)' },
];

export const KNOWN_CLOUD_SUFFIXES: readonly string[] = [
  'servicebus.windows.net',
  'servicebus.chinacloudapi.cn',
  'servicebus.usgovcloudapi.net',
];

/** The key .NET would look up: lower case, `__` read as `:`. */
export function normalizeKey(name: string): string {
  return (name.includes('__') ? name.replace(/__/g, ':') : name).toLowerCase();
}

export const FQDN_KEY = normalizeKey(FQDN_SETTING);
const EVENTS_PREFIX = `${normalizeKey(EVENTS_SECTION)}:`;

/** The event setting a normalized key names, if it is one of ours. */
export function eventSettingFor(key: string): EventSetting | undefined {
  if (!key.startsWith(EVENTS_PREFIX)) {
    return undefined;
  }
  const rest = key.slice(EVENTS_PREFIX.length);
  return EVENT_SETTINGS.find((event) => event.name.toLowerCase() === rest);
}

/** The name under `Features:Events` a normalized key uses (known or not), or undefined outside it. */
export function eventNameUnder(key: string): string | undefined {
  if (!key.startsWith(EVENTS_PREFIX)) {
    return undefined;
  }
  const rest = key.slice(EVENTS_PREFIX.length);
  return rest.length > 0 && !rest.includes(':') ? rest : undefined;
}

export function isOurKey(key: string): boolean {
  return key === FQDN_KEY || key.startsWith(EVENTS_PREFIX);
}

/** False when no setting under this normalized section can be one of ours (most of a large file). */
export function sectionMayHoldOurs(sectionKey: string): boolean {
  const prefix = `${sectionKey}:`;
  return prefix.startsWith(EVENTS_PREFIX) || EVENTS_PREFIX.startsWith(prefix);
}

/** True when the key is a leaf this linter expects a scalar for (so objects under it are wrong). */
export function isKnownLeaf(key: string): boolean {
  return key === FQDN_KEY || eventSettingFor(key) !== undefined;
}

/** .NET's bool.TryParse: `true`/`false` in any case with surrounding white space. */
export function parseDotnetBoolean(text: string): boolean | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'true') {
    return true;
  }
  if (trimmed === 'false') {
    return false;
  }
  return undefined;
}

/** Markdown describing a known setting, for hover. */
export function describeSetting(key: string): string | undefined {
  if (key === FQDN_KEY) {
    return [
      `**${FQDN_SETTING}**: host name of the Azure Service Bus namespace that holds the \`CTEvents\` topic.`,
      '',
      `Valid values: the host name alone, no scheme, path or port, e.g. \`contoso-ct.servicebus.windows.net\`. Known clouds: ${KNOWN_CLOUD_SUFFIXES.map((s) => `\`*.${s}\``).join(', ')}.`,
    ].join('\n');
  }
  const event = eventSettingFor(key);
  if (event) {
    return [
      `**${EVENTS_SECTION}:${event.name}**: publish \`${event.eventType}\` events when ${event.summary}.`,
      '',
      'Valid values: `True` or `False` (any case; JSON `true`/`false` in appsettings.json). `1`, `yes` and `on` are not booleans for .NET and leave the event off.',
    ].join('\n');
  }
  return undefined;
}
