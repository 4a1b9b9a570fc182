/** `runbook check`'s human lines quote the runbook's words (and AWS's answers): a hostile one cannot rewrite the terminal. */
import * as assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check/check';
import { humanLine, humanReport } from '../../../src/core/check/report';

const RAW_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('runbook check: a finding quoting hostile runbook text is one escaped line', () => {
  it('a value with ESC/CSI, a bidi override and a line break is escaped in the line, as it is in the message', async () => {
    const hostile = '\u001b[2J\u202eTESREPU\u202c\nok';
    const md = `# R\n\n### Phase 1: Go (5 minutes)\n\n\`\`\`aws\naws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":${JSON.stringify(hostile)},"ResourceRecordSet":{"Name":"a.example.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"1.2.3.4"}]}}]}'\n\`\`\`\n`;
    const report = await checkText(md, { file: 'r.md', cwd: '.', variables: {} });
    const finding = report.findings.find((f) => f.message.includes(hostile));
    assert.ok(finding, `a finding quotes the value: ${JSON.stringify(report.findings.map((f) => f.message))}`);
    const line = humanLine(finding);
    assert.doesNotMatch(line, RAW_CONTROL, JSON.stringify(line));
    assert.ok(line.includes('\\u001b[2J\\u202eTESREPU\\u202c\\nok'), line);
    assert.doesNotMatch(humanReport(report.findings, 1).replace(/\n/g, ''), RAW_CONTROL);
  });

  it('a message with a line break (an AWS answer) stays on its line, whole', () => {
    const f = { file: 'r.md', line: 3, column: 1, endLine: 3, endColumn: 2, severity: 'warning' as const, rule: 'live-call-failed', message: `AccessDenied: not allowed\r\nr.md:1:1: info fake: all clear ${'y'.repeat(200)}` };
    const line = humanLine(f);
    assert.equal(line, `r.md:3:1: warning live-call-failed: AccessDenied: not allowed\\r\\nr.md:1:1: info fake: all clear ${'y'.repeat(200)}`);
  });
});
