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
  for (const bench of BENCHES) {
    results.push(...(await bench()));
  }
  console.log(formatResults(results));
  console.log(
    'ratio: parse = CPU over bare markdown-it; growth = CPU over the previous size; aws = the CLI\'s CPU over ours; editor = wall-clock ms over the reference in the same window.',
  );
}

void main();
