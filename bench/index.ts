/** `npm run bench`: every bench module, one table. Add a module with one line below. */
import { benchAws } from './aws';
import { benchGrowth } from './growth';
import { benchParse } from './parse';
import { type BenchResult, formatResults } from './result';

const BENCHES: (() => Promise<BenchResult[]>)[] = [benchParse, benchGrowth, benchAws];

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  for (const bench of BENCHES) {
    results.push(...(await bench()));
  }
  console.log(formatResults(results));
}

void main();
