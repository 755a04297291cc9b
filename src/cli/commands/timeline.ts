// ct-events timeline: each learner's journey in the user's locale, re-render COURSE_STARTs
// marked, non-CT bodies listed apart; or, with --html FILE, a self-contained page. Names are
// initials unless --reveal, as in the extension: CLI output often ends up in CI logs.
import { writeFile } from 'node:fs/promises';
import { formatLocalTime, learnerLabel, type EventEntry } from '../../core/events';
import { DEFAULT_TOPIC } from '../../core/servicebus/types';
import { commandRunner } from '../args';
import { printable } from '../../core/events/printable';
import { describeEvent, describeOther } from '../format';
import { renderTimelineHtml } from '../html';
import { UserError } from '../io';
import { peekAndInterpret } from '../source';
import { MESSAGE_SOURCE_FLAGS } from '../source-flags';

const command = {
  name: 'timeline',
  summary: 'Prints the learner journeys of a subscription, or writes them as an HTML page.',
  flags: {
    ...MESSAGE_SOURCE_FLAGS,
    html: { kind: 'value', valueName: 'FILE', description: 'write a self-contained timeline page to FILE instead' },
    reveal: { kind: 'switch', description: 'show learner names in full (by default they are initials)' },
  },
} as const;

export const run = commandRunner(command, async (flags, io) => {
  const { interpretation } = await peekAndInterpret(flags);
  if (flags.html !== undefined) {
    const queue = flags['dead-letter'] ? '/$DeadLetterQueue' : '';
    const page = renderTimelineHtml(interpretation, { source: `${flags.topic ?? DEFAULT_TOPIC} / ${flags.subscription}${queue}`, mask: flags.reveal !== true });
    try {
      await writeFile(flags.html, page, 'utf8');
    } catch (error) {
      throw new UserError(`Could not write ${flags.html}: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}.`, { cause: error });
    }
    io.out(`Wrote the timeline of ${interpretation.learners.length} learner(s) to ${flags.html}.`);
    return 0;
  }
  const blocks: string[] = interpretation.learners.map((learner) =>
    [`${printable(learnerLabel(learner, flags.reveal !== true))} (UserId ${learner.userId})`, ...learner.events.map(eventLine)].join('\n'),
  );
  if (interpretation.unattributed.length > 0) {
    blocks.push(['Events without a usable UserId', ...interpretation.unattributed.map(eventLine)].join('\n'));
  }
  if (interpretation.others.length > 0) {
    blocks.push(['Messages that are not CT events', ...interpretation.others.map((o) => `  ${describeOther(o)}`)].join('\n'));
  }
  io.out(blocks.length > 0 ? blocks.join('\n\n') : 'No messages.');
  return 0;
});

function eventLine(event: EventEntry): string {
  return `  ${event.time ? formatLocalTime(event.time) : '(no usable time)'}  ${describeEvent(event)}`;
}
