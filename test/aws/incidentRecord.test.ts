/**
 * `runbook run runbooks/dr-runbook.md --record OUT.md` against the seeded moto writes the incident record:
 * header with the moto account, a timeline row per executed cell, every output, redacted, and a file that
 * round-trips through the serializer. The journal of the same run restores to the same timeline.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { readJournal } from '../../src/core/incident/journal';
import { RECORD_CLOSE } from '../../src/core/incident/record';
import { parseRunbook } from '../../src/core/runbook/parse';
import { serializeRunbook } from '../../src/core/runbook/serialize';
import type { ExecutionEvent } from '../../src/core/session/events';
import { getMotoContext } from '../support/mochaMoto';

const ROOT = path.join(__dirname, '../..');

function captureIO(cwd: string): CliIO & { out: string; err: string } {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' };
  const io = { out: '', err: '', cwd, env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

function timeline(record: string): string {
  return record.slice(record.indexOf('## Timeline'), record.indexOf('## Time against budget'));
}

describe('incident record from `runbook run --record` against moto', function () {
  this.timeout(60_000);
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(tmpdir(), 'runbook-record-'));
    fs.mkdirSync(path.join(work, 'runbooks'));
    for (const f of ['dr-runbook.md', 'failover-dns.json']) {
      fs.copyFileSync(path.join(ROOT, 'runbooks', f), path.join(work, 'runbooks', f));
    }
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('writes the header, the timeline and every output; the journal restores the same timeline', async () => {
    const { endpoint, estate } = getMotoContext();
    const template = fs.readFileSync(path.join(work, 'runbooks/dr-runbook.md'));
    const run = captureIO(work);
    const args = ['run', 'runbooks/dr-runbook.md', '--endpoint-url', endpoint, '--cell', '7', '--cell', '10', '--record', 'incidents/run.md'];
    const code = await main([...args, '--var', `TG_ARN=${estate.tgArn['af-south-1']}`], run);
    assert.equal(code, 0, run.err);

    const record = fs.readFileSync(path.join(work, 'incidents/run.md'), 'utf8');
    for (const needle of ['| AWS account | 123456789012 |', '| AWS identity | arn:aws:sts::123456789012:user/moto |', '| Runbook | runbooks/dr-runbook.md |', RECORD_CLOSE]) {
      assert.ok(record.includes(needle), `missing ${needle}`);
    }
    assert.match(timeline(record), /cell 7: aws ecs describe-clusters/);
    assert.match(timeline(record), /cell 10: aws dynamodb describe-table/);
    assert.ok(record.includes(estate.tableName), 'the describe-table output is in the record');
    assert.ok(!/AKIA[0-9A-Z]{16}/.test(record));
    const doc = parseRunbook(record);
    assert.equal(serializeRunbook(doc), record);
    assert.equal(doc.cells.filter((c) => c.kind === 'code' && c.outputs.length > 0).length, 2);
    assert.deepEqual(fs.readFileSync(path.join(work, 'runbooks/dr-runbook.md')), template);

    const journal = /journal (\S+\.jsonl)/.exec(run.err)?.[1];
    assert.ok(journal, run.err);
    const executions = readJournal(journal).filter((e): e is ExecutionEvent => e.type === 'execution');
    assert.deepEqual(executions.map((e) => e.cellIndex), [7, 10]);
    const restore = captureIO(work);
    assert.equal(await main(['restore', 'runbooks/dr-runbook.md', '--journal', journal, '--record', 'incidents/restored.md'], restore), 0, restore.err);
    assert.equal(timeline(fs.readFileSync(path.join(work, 'incidents/restored.md'), 'utf8')), timeline(record));
  });
});
