import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** The machine a run was measured on, as RESULTS.md describes it. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly pglite: string;
}

async function cpuModel(): Promise<string> {
  try {
    const cpuinfo = await readFile('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1];
    if (model) return model.trim();
  } catch (error) {
    // Not Linux: os.cpus() still knows the model on macOS and Windows.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

async function pgliteVersion(): Promise<string> {
  const manifest = new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  return version;
}

export async function describeMachine(): Promise<Machine> {
  return {
    cpu: await cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    pglite: await pgliteVersion(),
  };
}
