/**
 * What loading a library costs a fresh Node process: CPU time (user + system) spent in the
 * `import()` or `require()` itself, and the process's peak resident memory afterwards. Each
 * contender runs in its own processes, in rotating order, so none always runs on a warmer disk.
 */
import { spawnSync } from 'node:child_process';

export interface ImportSample {
  cpuMs: number;
  /**
   * Highest resident memory of the process (Linux's VmHWM; Node's own start-up included).
   * Not `resourceUsage().maxRSS`: Linux carries that over from the parent across fork and exec.
   */
  peakMb: number;
  /** Resident memory once loaded. */
  rssMb: number;
}

export interface Contender {
  name: string;
  /** `import` for ESM (`await import(specifier)`), `require` for CommonJS. */
  how: 'import' | 'require';
  specifier: string;
}

const measureAround = (load: string) => `
const before = process.cpuUsage();
${load};
const used = process.cpuUsage(before);
const peakKb = Number(/VmHWM:\\s*(\\d+)/.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]);
console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, peakMb: peakKb / 1024, rssMb: process.memoryUsage().rss / 1048576 }));`;

function once({ how, specifier }: Contender, cwd: string): ImportSample {
  const load = how === 'import' ? `await import(${JSON.stringify(specifier)})` : `require(${JSON.stringify(specifier)})`;
  const args = how === 'import' ? ['--input-type=module', '-e', measureAround(load)] : ['-e', measureAround(load)];
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading ${specifier} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ImportSample;
}

/** Every sample of every contender: `runs` each, the order rotating from run to run. */
export function importCosts(contenders: readonly Contender[], runs: number, cwd: string): Map<string, ImportSample[]> {
  const samples = new Map(contenders.map((contender) => [contender.name, [] as ImportSample[]]));
  for (let run = 0; run < runs; run += 1) {
    for (let i = 0; i < contenders.length; i += 1) {
      const contender = contenders[(run + i) % contenders.length]!;
      samples.get(contender.name)!.push(once(contender, cwd));
    }
  }
  return samples;
}
