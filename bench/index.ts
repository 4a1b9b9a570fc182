/** `npm run bench`: every bench module, one table. Add a module with one line below. */
import { benchAws } from './aws';
import { benchCheck } from './check';
import { benchEditor } from './editor/run';
import { benchGrowth } from './growth';
import { benchParse } from './parse';
import { type BenchResult, formatResults } from './result';

const BENCHES: (() => Promise<BenchResult[]>)[] = [benchParse, benchGrowth, benchCheck, benchAws, benchEditor];

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  const failed: string[] = [];
  for (const bench of BENCHES) {
    try {
      results.push(...(await bench()));
    } catch (e) {
      // The other sections still print; the run fails at the end, naming what did not run.
      failed.push(`${bench.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  console.log(formatResults(results));
  if (failed.length) {
    console.error(`bench: ${failed.length} section(s) failed:\n  ${failed.join('\n  ')}`);
    process.exitCode = 1;
  }
  console.log(
    'ratio: parse = CPU over bare markdown-it; growth = CPU over the previous size; aws = the CLI\'s CPU over ours; editor = wall-clock ms over the reference in the same window.',
  );
}

void main();
