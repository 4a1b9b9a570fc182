import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText } from '../../../src/core/check/check';
import { atLeast } from '../../../src/core/check/finding';
import { humanLine, sarifReport } from '../../../src/core/check/report';
import { RULES } from '../../../src/core/check/rules';
import { ROOT } from '../runbook/helpers';

const SEED = join(ROOT, 'runbooks', 'dr-runbook.md');
const seedText = readFileSync(SEED, 'utf8');

describe('runbook check: the seed runbook', () => {
  it('checks clean statically apart from the DR-lint findings it really has (variables given as the environment gives them)', async () => {
    const r = await checkText(seedText, { file: 'runbooks/dr-runbook.md', cwd: join(ROOT, 'runbooks'), variables: { TG_ARN: 'arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/bbws-tg/1', ZONE_ID: 'Z1' } });
    assert.deepEqual(r.findings.map(humanLine), [
      'runbooks/dr-runbook.md:53:17: warning dr-rpo-unchecked: Reads the DR copy in eu-west-1, but no step checks how far it lags (e.g. CloudWatch ReplicationLatency) against the RPO of 1 hour.',
      'runbooks/dr-runbook.md:59:67: warning dr-primary-in-recovery: aws s3api get-bucket-replication calls the primary region af-south-1 during recovery; read what you need from eu-west-1 instead, or move the step into Assessment.',
      'runbooks/dr-runbook.md:67:16: warning dr-control-plane: aws route53 change-resource-record-sets is a Route 53 control-plane call (served from us-east-1): fail over with health checks or Route 53 ARC routing controls instead, and keep this step as the fallback.',
    ]);
    assert.ok(r.findings.every((f) => f.rule.startsWith('dr-') && f.helpUri?.startsWith('https://docs.aws.amazon.com/')));
  });

  it('without the variables, lists <TG_ARN> and <ZONE_ID> on the lines that need them', async () => {
    const r = await checkText(seedText, { file: 'dr-runbook.md', cwd: join(ROOT, 'runbooks') });
    const vars = r.findings.filter((f) => f.rule === 'undefined-variable');
    assert.deepEqual(vars.map((f) => [f.line, f.column, f.endColumn, f.message]), [
      [41, 56, 64, '<TG_ARN> has no value (frontmatter, settings or --var); needed in 1 cell (line 41).'],
      [68, 23, 32, '<ZONE_ID> has no value (frontmatter, settings or --var); needed in 1 cell (line 68).'],
    ]);
    // The file's own text at the reported columns is the placeholder.
    const line = seedText.split('\n')[40];
    assert.equal(line.slice(55, 63), '<TG_ARN>');
    assert.deepEqual(vars[0].range, { start: { line: 4, character: 52 }, end: { line: 4, character: 60 } });
  });

  it('validates file://failover-dns.json as a Route 53 ChangeBatch (read into the use for the live checks)', async () => {
    const r = await checkText(seedText, { file: 'dr-runbook.md', cwd: join(ROOT, 'runbooks'), variables: { ZONE_ID: 'Z1' } });
    const change = r.uses.find((u) => u.operation === 'change-resource-record-sets');
    const batch = change?.input.ChangeBatch as { Changes: { Action: string }[] };
    assert.deepEqual(batch.Changes.map((c) => c.Action), ['UPSERT', 'UPSERT']);
    assert.equal(change?.readOnly, false);
  });

  it('SARIF 2.1.0 names every rule and places each result', async () => {
    const r = await checkText(seedText, { file: 'runbooks/dr-runbook.md', cwd: join(ROOT, 'runbooks') });
    const sarif = sarifReport(r.findings) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.rules.length, RULES.size);
    assert.equal(run.results.length, r.findings.length);
    for (const [i, res] of run.results.entries()) {
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.equal(res.locations[0].physicalLocation.region.startLine, r.findings[i].line);
      assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'runbooks/dr-runbook.md');
      assert.equal(res.level, r.findings[i].severity === 'info' ? 'note' : r.findings[i].severity);
    }
  });

  it('severity order for --fail-on', () => {
    assert.ok(atLeast('error', 'warning'));
    assert.ok(atLeast('warning', 'warning'));
    assert.ok(!atLeast('info', 'warning'));
    assert.ok(!atLeast('warning', 'error'));
  });

  it('docs/check.md documents every rule', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'check.md'), 'utf8');
    for (const id of RULES.keys()) {
      assert.ok(doc.includes(`\`${id}\``), `docs/check.md lacks ${id}`);
    }
  });
});
