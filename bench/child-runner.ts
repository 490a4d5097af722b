import { fork } from 'node:child_process';
import type { BenchTask, ChildMessage, Figure, RunFacts } from './protocol.ts';

/** What one engine at one size gave: every sample, and the facts or why it stopped. */
export interface RunResult {
  readonly task: BenchTask;
  readonly samples: Partial<Record<Figure, number[]>>;
  readonly facts?: RunFacts;
  /** Set when the run stopped early; the samples taken until then are kept. */
  readonly failure?: string;
}

const CHILD_SCRIPT = new URL('./engine-run.ts', import.meta.url);

/** The longest one repetition (or the set-up before the first) may take before the run is stopped. */
export const REPETITION_TIME_LIMIT_MS = 5 * 60_000;

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  const fatal = lines.find((line) => /FATAL ERROR|out of memory|RangeError|RuntimeError/i.test(line));
  return (fatal ?? lines.at(-1) ?? '').trim().slice(0, 300);
}

/**
 * Runs bench/engine-run.ts for one task in a child process (it inherits tsx's loader through
 * execArgv) and collects its samples. A child that dies (out of memory) or exceeds the time limit
 * for one repetition is recorded as a failure, not thrown.
 */
export function runInChild(task: BenchTask): Promise<RunResult> {
  return new Promise((resolve) => {
    const samples: Partial<Record<Figure, number[]>> = {};
    let facts: RunFacts | undefined;
    let failure: string | undefined;
    let stderrTail = '';
    const child = fork(CHILD_SCRIPT, [JSON.stringify(task)], {
      stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
    });

    let watchdog: NodeJS.Timeout | undefined;
    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        failure = `a repetition took more than ${REPETITION_TIME_LIMIT_MS / 60_000} minutes; stopped`;
        child.kill('SIGKILL');
      }, REPETITION_TIME_LIMIT_MS);
    };
    armWatchdog();

    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    });
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      switch (message.type) {
        case 'repetition':
          armWatchdog();
          break;
        case 'sample':
          samples[message.figure] = [...(samples[message.figure] ?? []), message.ms];
          break;
        case 'done':
          facts = message.facts;
          break;
        case 'failed':
          failure ??= message.reason;
          break;
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (!facts && !failure) {
        const detail = lastLine(stderrTail);
        failure = `the process ${signal ? `was killed (${signal})` : `exited with code ${code}`}${detail ? `: ${detail}` : ''}`;
      }
      resolve({ task, samples, facts, failure });
    });
  });
}
