// ct-events doctor: checks a connection step by step (host, DNS, port, token, topic, peek,
// counts, subscriptions) and says what to fix. Exit 1 when any step failed.
import { createDoctorProbes, doctorTargetOf } from '../../core/servicebus/doctor-probes';
import { doctorFailed, formatDoctorReport, runDoctor } from '../../core/servicebus/doctor';
import { commandRunner } from '../args';
import { UsageError } from '../io';
import { CONNECTION_FLAGS, connectionTargetFrom } from '../source-flags';

const command = {
  name: 'doctor',
  summary: 'Checks a connection step by step and says what to fix (exit 1 when a step fails).',
  flags: {
    ...CONNECTION_FLAGS,
    subscription: { kind: 'value', valueName: 'NAME', description: 'subscription to peek when the list of subscriptions cannot be read' },
    endpoint: { kind: 'value', valueName: 'URL', description: 'with --namespace: send AMQP to this address instead (e.g. sb://localhost:5671)' },
    'management-endpoint': { kind: 'value', valueName: 'URL', description: 'with --namespace: read the management feed here instead (https://...)' },
    json: { kind: 'switch', description: 'print the steps as JSON' },
  },
} as const;

export const run = commandRunner(command, async (flags, io) => {
  const base = connectionTargetFrom(flags);
  if ((flags.endpoint !== undefined || flags['management-endpoint'] !== undefined) && base.kind !== 'namespace') {
    throw new UsageError('--endpoint and --management-endpoint go with --namespace.');
  }
  const target = base.kind === 'namespace'
    ? { ...base, customEndpointAddress: flags.endpoint, managementEndpoint: flags['management-endpoint'] }
    : base;
  const probes = createDoctorProbes(target);
  try {
    const doctorTarget = { ...doctorTargetOf(target, flags.subscription), ...(flags.topic ? { topic: flags.topic } : {}) };
    const steps = await runDoctor(doctorTarget, probes);
    io.out(flags.json ? JSON.stringify(steps, null, 2) : formatDoctorReport(steps));
    return doctorFailed(steps) ? 1 : 0;
  } finally {
    await probes.close();
  }
});
