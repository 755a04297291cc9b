// Benchmark: what the timeline webview derives from its messages before the first paint, stage by
// stage, in plain Node: buildDataset (order, journeys with re-renders, anomalies, the funnel, the
// event columns), filterMessages and countByType with the default filter, layoutLanes; and the facts of every
// learner (built only when the facts table is opened, so not part of the first paint). Generated
// journeys of 1,000, 10,000 and 100,000 events (3,000 learners, 36 courses), in four shapes:
// - "as parsed": as toTimelineMessage made them, in sequence order;
// - "wire": what the webview derives from: pages of 5,000 encoded by the host's PageEncoder,
//   structuredClone'd as postMessage does, and decoded by the PageDecoder;
// - "shuffled wire": the same, the messages shuffled first (sorting is then needed);
// - "copied": a structuredClone of all messages, every string a fresh copy (the webview before the
//   wire format shared repeated strings; the slowest shape for string comparisons).
// Each run gets its own input and starts after a full garbage collection, so a stage is not
// charged for collecting what the input's preparation left behind. Prints the median of RUNS runs
// per stage and the fastest total; asserts nothing. Target: the first-paint stages together at
// most ~100-120 ms at 100,000 events. The load average is printed too: on a shared machine the
// figures move with it.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildDataset } from '../src/core/events/dataset';
import { learnerFacts } from '../src/core/events/facts';
import { EMPTY_FILTER, countByType, filterMessages } from '../src/core/events/filter';
import { learnerLabel } from '../src/core/events/index';
import { maskName } from '../src/core/events/mask';
import type { EventEntry } from '../src/core/events/model';
import type { TimelineMessage } from '../src/core/events/records';
import { PageDecoder, PageEncoder } from '../src/core/events/wire';
import { PAGE, generatedMessages } from '../test/browser/harness';
import { layoutLanes } from '../webview/lanes';

// BENCH_SIZES=100000 narrows a run (while profiling, say).
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const FIRST_PAINT_STAGES = ['buildDataset', 'filterMessages', 'countByType', 'layoutLanes'] as const;
type Stage = (typeof FIRST_PAINT_STAGES)[number] | 'facts';

/** The name the webview shows while personal data is masked (the default). */
const maskedName = (event: EventEntry): string => learnerLabel({ userId: event.userId, firstName: maskName(event.firstName), lastName: maskName(event.lastName) });

// A full collection between runs, without asking for node --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A deterministic shuffle (Fisher-Yates on a small LCG), so runs compare like with like. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = Math.floor(seed / 65536) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The messages as the webview has them after decoding the host's pages. */
function throughWire(messages: readonly TimelineMessage[]): TimelineMessage[] {
  const encoder = new PageEncoder();
  const decoder = new PageDecoder();
  const out: TimelineMessage[] = [];
  for (let at = 0; at < messages.length; at += PAGE) {
    for (const message of decoder.decode(structuredClone(encoder.encode(messages.slice(at, at + PAGE))))) {
      out.push(message);
    }
  }
  return out;
}

/** One pass of every stage, as main.ts runs them for a first paint; milliseconds per stage. */
function derive(messages: TimelineMessage[]): Record<Stage, number> {
  const times = {} as Record<Stage, number>;
  const time = <T>(stage: Stage, work: () => T): T => {
    const started = performance.now();
    const result = work();
    times[stage] = performance.now() - started;
    return result;
  };
  const dataset = time('buildDataset', () => buildDataset(messages));
  const shown = time('filterMessages', () => filterMessages(dataset, EMPTY_FILTER, maskedName, true));
  time('countByType', () => countByType(dataset, shown));
  time('layoutLanes', () => layoutLanes(dataset, shown.events, maskedName));
  time('facts', () => dataset.learners.map(learnerFacts));
  return times;
}

const SHAPES: Record<string, (parsed: TimelineMessage[]) => TimelineMessage[]> = {
  'as parsed': (parsed) => parsed,
  wire: (parsed) => throughWire(parsed),
  'shuffled wire': (parsed) => throughWire(shuffled(parsed)),
  copied: (parsed) => structuredClone(parsed),
};

/** Measures one shape at one size and prints its row. */
function measure(shape: string, size: number): void {
  const parsed = generatedMessages(size);
  const input = SHAPES[shape] as (parsed: TimelineMessage[]) => TimelineMessage[];
  const runs: Record<Stage, number>[] = [];
  for (let run = 0; run < RUNS; run++) {
    const messages = input(parsed);
    collectGarbage();
    runs.push(derive(messages));
  }
  const stage = (s: Stage): number => median(runs.map((r) => r[s]));
  const totals = runs.map((r) => FIRST_PAINT_STAGES.reduce((sum, s) => sum + r[s], 0));
  const fmt = (ms: number): string => ms.toFixed(1).padStart(15);
  console.log(`${String(size).padStart(7)} ${shape.padEnd(14)}${[...FIRST_PAINT_STAGES.map(stage), median(totals), Math.min(...totals), stage('facts')].map(fmt).join('')}`);
}

/**
 * Each shape and size in a process of its own: objects of another shape met earlier (the parser's,
 * say) would leave the code tuned for several shapes at once, which the webview never sees.
 */
function main(): void {
  console.log(`median of ${RUNS} runs, ms; total = the first-paint stages (facts are built when the facts table opens); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'events'.padStart(7)} ${'input'.padEnd(14)}${[...FIRST_PAINT_STAGES, 'total', 'fastest total', 'facts'].map((s) => s.padStart(15)).join('')}`);
  for (const size of SIZES) {
    for (const shape of Object.keys(SHAPES)) {
      execFileSync(process.execPath, [...process.execArgv, __filename], { env: { ...process.env, DERIVE_BENCH_ONE: JSON.stringify({ shape, size }) }, stdio: 'inherit' });
    }
  }
}

const one = process.env.DERIVE_BENCH_ONE;
if (one) {
  const { shape, size } = JSON.parse(one) as { shape: string; size: number };
  measure(shape, size);
} else {
  main();
}
