// "Check Connection": the steps that find out why a namespace cannot be read, in the order a
// person would check them, each passed, failed or skipped with the reason and the fix in plain
// words. Pure over injectable probes, so the order and the wording are unit-tested.
import { SERVICE_BUS_SCOPE, cloudForHost, isKnownCloudHost } from './clouds';
import { describeServiceBusError, keyRefusal } from './errors';
import type { SubscriptionCounts } from './types';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface DoctorStep {
  title: string;
  status: StepStatus;
  /** What was found, or why the step did not run. */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

/** Where the doctor connects: the host and port the AMQP connection really goes to. */
export interface DoctorTarget {
  /** Namespace host name as the user gave it. */
  namespaceHost: string;
  /** Host and port the connection goes to (differs for the emulator, the sandbox or a custom endpoint). */
  endpointHost: string;
  port: number;
  /** Signs in with Microsoft Entra ID (not a connection string's key). */
  usesToken: boolean;
  /** The connection string's SharedAccessKeyName, to name in a refusal of its key. */
  keyName?: string;
  webSockets: boolean;
  topic: string;
  /** A subscription to peek when the list of subscriptions cannot be read. */
  subscription?: string;
}

export interface DoctorProbes {
  /** Resolves to the host's addresses. */
  lookup(host: string): Promise<string[]>;
  /** Resolves once a TCP connection was made. */
  connect(host: string, port: number): Promise<void>;
  /** Gets a token for the scope; resolves to the credential that gave it. */
  getToken(scope: string): Promise<string | undefined>;
  listSubscriptions(topic: string): Promise<SubscriptionCounts[]>;
  /** Peeks one message; resolves to how many came back. */
  peek(topic: string, subscription: string): Promise<number>;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const ASSIGN = "assign it to you on the namespace's Access control (IAM) page in the Azure portal";

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isRefusal(sentence: string): boolean {
  return /role|refused the credentials/.test(sentence);
}

function isMissing(error: unknown, sentence: string): boolean {
  return sentence.startsWith('The topic or subscription does not exist') || errorCode(error) === 'MessagingEntityNotFound';
}

export async function runDoctor(target: DoctorTarget, probes: DoctorProbes): Promise<DoctorStep[]> {
  const steps: DoctorStep[] = [];
  const add = (step: DoctorStep): DoctorStep => {
    steps.push(step);
    return step;
  };
  const skipRest = (titles: string[], reason: string): DoctorStep[] => {
    for (const title of titles) {
      add({ title, status: 'skipped', detail: reason });
    }
    return steps;
  };
  const portTitle = `Port ${target.port} is reachable${target.webSockets ? ' (AMQP over WebSockets)' : ''}`;
  const later = ['DNS resolves the host name', portTitle, 'A token is obtained', `The ${target.topic} topic exists`,
    'You can peek (Azure Service Bus Data Receiver or more)', 'You can read counts (Azure Service Bus Data Owner)', 'Subscriptions'];
  const [dnsTitle, , tokenTitle, topicTitle, peekTitle, countsTitle, subscriptionsTitle] = later;

  // 1. Host name
  const host = target.namespaceHost;
  if (!HOST_NAME.test(host)) {
    add({
      title: 'The host name is well formed', status: 'failed', detail: `"${host}" is not a host name.`,
      fix: 'Give the namespace host name alone, like contoso-ct.servicebus.windows.net (no https://, no path).',
    });
    return skipRest(later, 'the host name is not well formed');
  }
  const known = isKnownCloudHost(host);
  add({
    title: 'The host name is well formed', status: 'passed',
    detail: known ? `${host} is a Service Bus namespace in ${cloudForHost(host).label}.` : `${host} is not an Azure Service Bus host; treated as an emulator or sandbox.`,
  });

  // 2. DNS
  try {
    const addresses = await probes.lookup(target.endpointHost);
    add({ title: dnsTitle, status: 'passed', detail: `${target.endpointHost} resolves to ${addresses.join(', ')}.` });
  } catch (error) {
    add({
      title: dnsTitle, status: 'failed', detail: `${target.endpointHost} does not resolve (${errorCode(error) ?? 'no address'}).`,
      fix: "Check the spelling: the namespace's Overview page in the Azure portal shows its host name. On a private network, check the private DNS zone or VPN.",
    });
    return skipRest(later.slice(1), 'the host name does not resolve');
  }

  // 3. Port
  try {
    await probes.connect(target.endpointHost, target.port);
    add({ title: portTitle, status: 'passed', detail: `Connected to ${target.endpointHost}:${target.port}.` });
  } catch (error) {
    add({
      title: portTitle, status: 'failed', detail: `Could not connect to ${target.endpointHost}:${target.port} (${errorCode(error) ?? 'no answer'}).`,
      fix: target.webSockets || !known
        ? 'Check that the broker is running and that a firewall or proxy lets the port through.'
        : 'A firewall probably blocks port 5671: turn on the setting ctEvents.useWebSockets to use AMQP over WebSockets on port 443.',
    });
    return skipRest(later.slice(2), `port ${target.port} is not reachable`);
  }

  // 4. Token
  if (!target.usesToken) {
    add({ title: tokenTitle, status: 'skipped', detail: 'The connection string signs requests with its shared access key.' });
  } else {
    try {
      const source = await probes.getToken(SERVICE_BUS_SCOPE);
      add({ title: tokenTitle, status: 'passed', detail: `Signed in through ${source ?? 'the chosen credential'}.` });
    } catch (error) {
      add({
        title: tokenTitle, status: 'failed', detail: describeServiceBusError(error),
        fix: 'Sign in: run "az login" (or azd auth login, or Connect-AzAccount), or use the VS Code account kind; if you have several tenants, pick the one that holds the namespace.',
      });
      return skipRest(later.slice(3), 'no token');
    }
  }

  // 5-8. Topic, counts and subscriptions from the management feed; peek over AMQP.
  let subscriptions: SubscriptionCounts[] | undefined;
  let countsStep: DoctorStep;
  let topicStep: DoctorStep | undefined;
  try {
    subscriptions = await probes.listSubscriptions(target.topic);
    topicStep = { title: topicTitle, status: 'passed', detail: `${target.topic} has ${subscriptions.length} subscription(s).` };
    countsStep = { title: countsTitle, status: 'passed', detail: 'The management feed answered with message counts.' };
  } catch (error) {
    const sentence = describeServiceBusError(error);
    if (isMissing(error, sentence)) {
      topicStep = {
        title: topicTitle, status: 'failed', detail: `The namespace has no ${target.topic} topic.`,
        fix: `Check that this is the namespace Community Training publishes to; CT creates the ${target.topic} topic when events are switched on.`,
      };
      add(topicStep);
      return skipRest(later.slice(4), `the ${target.topic} topic does not exist`);
    }
    const refusedKey = target.usesToken ? undefined : keyRefusal(error);
    if (refusedKey !== undefined) {
      // The same key signs the peek: it would only be refused again.
      const reason = 'the namespace refused the key';
      add(topicStep ?? { title: topicTitle, status: 'skipped', detail: `Not checked: ${reason}.` });
      add({ title: peekTitle, status: 'skipped', detail: `Not checked: ${reason}.` });
      add({ title: countsTitle, status: 'failed', ...keyRefusalStep(refusedKey, target.keyName, sentence) });
      add({ title: subscriptionsTitle, status: 'skipped', detail: `Not checked: ${reason}.` });
      return steps;
    }
    countsStep = {
      title: countsTitle, status: 'failed', detail: sentence,
      fix: isRefusal(sentence) ? `Counts need the "Azure Service Bus Data Owner" role: ${ASSIGN}.` : undefined,
    };
  }

  let peekStep: DoctorStep;
  const toPeek = subscriptions?.[0]?.name ?? target.subscription;
  if (toPeek === undefined) {
    peekStep = { title: peekTitle, status: 'skipped', detail: 'No subscription name is known (the list could not be read); name one to check peeking.' };
  } else {
    try {
      const count = await probes.peek(target.topic, toPeek);
      peekStep = { title: peekTitle, status: 'passed', detail: `Peeked ${toPeek}: ${count === 0 ? 'it is empty' : 'a message came back'}.` };
      topicStep ??= { title: topicTitle, status: 'passed', detail: `${target.topic}/${toPeek} answered a peek.` };
    } catch (error) {
      const sentence = describeServiceBusError(error);
      if (isMissing(error, sentence)) {
        topicStep ??= { title: topicTitle, status: 'failed', detail: sentence, fix: `Check the topic and subscription names in the namespace's Entities page.` };
      }
      peekStep = {
        title: peekTitle, status: 'failed', detail: sentence,
        fix: isRefusal(sentence) ? `Peeking needs the "Azure Service Bus Data Receiver" role (or Data Owner): ${ASSIGN}.` : undefined,
      };
    }
  }
  add(topicStep ?? { title: topicTitle, status: 'skipped', detail: 'Could not be checked without reading the management feed or a peek.' });
  add(peekStep);
  add(countsStep);
  add(subscriptions
    ? { title: subscriptionsTitle, status: 'passed', detail: subscriptions.length === 0 ? 'None yet.' : subscriptions.map((s) => `${s.name} (${s.activeMessageCount} active, ${s.deadLetterMessageCount} dead-lettered)`).join('; ') }
    : { title: subscriptionsTitle, status: 'skipped', detail: isRefusal(countsStep.detail) ? 'Listing subscriptions needs the "Azure Service Bus Data Owner" role.' : 'Not checked: the management feed could not be read (see above).' });
  return steps;
}

/** A refused key or signature: copy it again (roles on the IAM page play no part with a key). */
function keyRefusalStep(refusal: 'mismatch' | 'expired', keyName: string | undefined, sentence: string): Pick<DoctorStep, 'detail' | 'fix'> {
  if (refusal === 'expired') {
    return {
      detail: `The shared access signature in the connection string has expired (${sentence.replace(/\.$/, '')}).`,
      fix: 'Make a new shared access signature, or use a connection string with a key (the namespace\'s Shared access policies page in the Azure portal).',
    };
  }
  const name = keyName === undefined ? 'the connection string\'s key name' : `key name ${keyName}`;
  return {
    detail: `The key does not match ${name} (${sentence.replace(/\.$/, '')}).`,
    fix: 'Copy the connection string again, from the namespace\'s Shared access policies page in the Azure portal (or the first line the sandbox prints); roles on the Access control (IAM) page play no part with a key.',
  };
}

/** The doctor's verdict: whether any step failed. */
export function doctorFailed(steps: DoctorStep[]): boolean {
  return steps.some((step) => step.status === 'failed');
}

/** Plain text for the CLI and the VS Code document, one step per paragraph. */
export function formatDoctorReport(steps: DoctorStep[]): string {
  const mark: Record<StepStatus, string> = { passed: 'PASSED ', failed: 'FAILED ', skipped: 'SKIPPED' };
  return steps
    .map((step) => [`${mark[step.status]} ${step.title}`, `        ${step.detail}`, ...(step.fix ? [`        Fix: ${step.fix}`] : [])].join('\n'))
    .join('\n');
}
