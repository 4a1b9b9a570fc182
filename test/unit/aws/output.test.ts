import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatAwsOutput, formatText } from '../../../src/core/aws/output';
import { formatTable } from '../../../src/core/aws/table';
import { RunbookError } from '../../../src/core/errors';

/** Outputs captured from the AWS CLI's own formatters (awscli 1.45, color off, 80 columns). */
const GOLDENS = JSON.parse(readFileSync(path.join(__dirname, 'cliFormatGoldens.json'), 'utf8')) as Record<
  string,
  { title: string; data: unknown; table: string; text: string }
>;

describe('aws output formats', () => {
  for (const [name, g] of Object.entries(GOLDENS)) {
    it(`--output table equals the CLI's (${name})`, () => {
      assert.equal(formatTable(g.data, g.title), g.table);
    });
    it(`--output text equals the CLI's (${name})`, () => {
      assert.equal(formatText(g.data), g.text);
    });
  }

  it('json is indented like the CLI and parses back', () => {
    const data = { Account: '1', List: [1, 2] };
    const out = formatAwsOutput(data, { output: 'json' });
    assert.equal(out, `${JSON.stringify(data, null, 4)}\n`);
    assert.deepEqual(JSON.parse(out), data);
  });

  it('yaml round-trips', () => {
    const data = { Clusters: [{ clusterName: 'prod-cluster', runningTasksCount: 3 }] };
    assert.deepEqual(parseYaml(formatAwsOutput(data, { output: 'yaml' })), data);
  });

  it('--query applies JMESPath before formatting', () => {
    const data = { TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'healthy' } }, { Target: { Id: 'i-2' }, TargetHealth: { State: 'unused' } }] };
    const q = "TargetHealthDescriptions[?TargetHealth.State!='healthy'].Target.Id";
    assert.equal(formatAwsOutput(data, { output: 'json', query: q }), '[\n    "i-2"\n]\n');
    assert.equal(formatAwsOutput(data, { output: 'text', query: 'TargetHealthDescriptions[].Target.Id' }), 'i-1\ti-2\n');
    assert.equal(formatAwsOutput(data, { output: 'text', query: 'Missing' }), 'None\n');
  });

  it('an empty response prints nothing, as the CLI does', () => {
    for (const output of ['json', 'text', 'table', 'yaml'] as const) {
      assert.equal(formatAwsOutput({}, { output }), '');
    }
  });

  it('a bad --query is a typed error', () => {
    assert.throws(() => formatAwsOutput({}, { output: 'json', query: 'a[?' }), (e: unknown) => RunbookError.is(e, 'badQuery'));
  });
});
