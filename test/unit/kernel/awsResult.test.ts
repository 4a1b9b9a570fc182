import * as assert from 'node:assert/strict';
import type { AwsCommand, AwsOutputFormat } from '../../../src/core/aws/command';
import { formatAwsOutput } from '../../../src/core/aws/output';
import { awsResultOutput } from '../../../src/core/kernel/awsResult';
import { outputText } from '../../../src/core/kernel/outputs';
import { MIME } from '../../../src/core/runbook/model';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { persistedOutput } from '../../../src/core/runbook/persisted';
import { serializeRunbook } from '../../../src/core/runbook/serialize';

const DATA = { clusters: [{ clusterName: 'prod-cluster', status: 'ACTIVE', runningTasksCount: 3 }], failures: [] };

function cmd(output: AwsOutputFormat, query?: string): AwsCommand {
  return { service: 'ecs', operation: 'describe-clusters', commandName: 'DescribeClustersCommand', input: {}, shownInput: {}, readOnly: true, globals: { output, query, noPaginate: false } };
}

describe('one output per AWS call', () => {
  it('holds JSON, the CLI text and table and a markdown table as items of one output, the asked --output first', () => {
    const orders = (['json', 'text', 'table', 'yaml'] as const).map((o) => awsResultOutput(cmd(o), { data: DATA }).items.map((i) => i.mime));
    assert.deepEqual(orders, [
      [MIME.json, MIME.awsText, MIME.awsTable, MIME.markdown],
      [MIME.awsText, MIME.json, MIME.awsTable, MIME.markdown],
      [MIME.awsTable, MIME.json, MIME.awsText, MIME.markdown],
      [MIME.awsYaml, MIME.json, MIME.awsText, MIME.awsTable, MIME.markdown],
    ]);
    const out = awsResultOutput(cmd('table'), { data: DATA });
    const by = Object.fromEntries(out.items.map((i) => [i.mime, i.data]));
    assert.equal(by[MIME.json], formatAwsOutput(DATA, { output: 'json' }));
    assert.equal(by[MIME.awsText], formatAwsOutput(DATA, { output: 'text' }));
    assert.match(by[MIME.awsTable], /\|\s+DescribeClusters\s+\|/);
    assert.match(by[MIME.markdown], /\| clusterName \|/);
    assert.equal(outputText(out), by[MIME.awsTable], 'the CLI prints the rendering asked for');
  });

  it('every rendering follows --query', () => {
    const out = awsResultOutput(cmd('json', 'clusters[].[clusterName,status]'), { data: DATA });
    assert.equal(out.items[0].data, formatAwsOutput(DATA, { output: 'json', query: 'clusters[].[clusterName,status]' }));
    assert.equal(out.items[1].data, 'prod-cluster\tACTIVE\n');
    assert.match(out.items[2].data, /\|\s+prod-cluster\s+\|\s+ACTIVE\s+\|/);
    assert.match(out.items[3].data, /prod-cluster.*ACTIVE/);
  });

  it('a saved file keeps only the rendering asked for; other outputs are kept whole; old two-output blocks still read', () => {
    const out = awsResultOutput(cmd('text'), { data: DATA });
    assert.deepEqual(persistedOutput(out), { items: [out.items[0]] });
    const shell = { items: [{ mime: MIME.json, data: '{}\n' }, { mime: MIME.text, data: 'x\n' }] };
    assert.equal(persistedOutput(shell), shell);
    const doc = parseRunbook('# R\n\n```bash\naws ecs describe-clusters --output text\n```\n');
    doc.cells[1].outputs = [out];
    const saved = serializeRunbook(doc);
    assert.equal(saved.split('```text').length - 1, 1, saved);
    assert.deepEqual(parseRunbook(saved).cells[1].outputs, [{ items: [out.items[0]] }]);
    assert.equal(serializeRunbook(parseRunbook(saved)), saved, 'a reopened record saves back unchanged');
    // A record written before: the JSON and text as one output, the markdown table as a second. It opens as it was.
    const legacy = [{ items: [{ mime: MIME.json, data: '{}\n' }, { mime: MIME.text, data: 'x\n' }] }, { items: [{ mime: MIME.markdown, data: '| a |\n' }] }];
    doc.cells[1].outputs = legacy;
    const oldRecord = serializeRunbook(doc);
    assert.deepEqual(parseRunbook(oldRecord).cells[1].outputs, legacy);
    assert.equal(serializeRunbook(parseRunbook(oldRecord)), oldRecord);
  });

  it('only the rendering asked for (a terminal `runbook run`): the item a file and the journal keep, and the text printed', () => {
    for (const o of ['json', 'text', 'table', 'yaml'] as const) {
      for (const query of [undefined, 'clusters[].[clusterName,status]']) {
        const all = awsResultOutput(cmd(o, query), { data: DATA });
        const asked = awsResultOutput(cmd(o, query), { data: DATA }, 'asked');
        assert.deepEqual(asked, persistedOutput(all), `${o} ${query ?? ''}`);
        assert.deepEqual(persistedOutput(asked), persistedOutput(all));
        assert.equal(outputText(asked), outputText(all));
      }
    }
  });
});
