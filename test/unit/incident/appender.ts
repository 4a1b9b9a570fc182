/**
 * A second writer for the journal concurrency test: `node --import tsx appender.ts FILE WRITER COUNT`
 * appends COUNT execution events (every third one larger than an atomic write) to FILE.
 */
import { JournalWriter } from '../../../src/core/incident/journal';

const [file, writer, countText] = process.argv.slice(2);
const w = new JournalWriter(file);
for (let i = 0; i < Number(countText); i++) {
  const size = i % 3 === 0 ? 20_000 + i : 100;
  w.append({
    type: 'execution',
    time: new Date().toISOString(),
    cellIndex: i,
    source: `echo ${writer}`,
    execution: { startTime: new Date().toISOString(), durationMs: 1, success: true },
    outputs: [{ items: [{ mime: 'text/plain', data: `${writer}:${i}:`.padEnd(size, writer) }] }],
  });
}
w.dispose();
