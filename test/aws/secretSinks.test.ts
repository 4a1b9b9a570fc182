import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';

const ROOT = path.join(__dirname, '../..');
const FORMATS = ['json', 'text', 'table', 'yaml'] as const;

/** moto's fixed GetSessionToken credentials (the same in every answer). */
const MOTO_SESSION_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface Sinks {
  code: number;
  stdout: string;
  stderr: string;
  record: string;
  journal: string;
}

async function runbook(work: string, file: string, args: string[]): Promise<Sinks> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work, env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' } };
  rmSync(path.join(work, '.runbook'), { recursive: true, force: true });
  const code = await main(['run', file, '--endpoint-url', getMotoContext().endpoint, '--record', 'record.md', ...args], io);
  const dir = path.join(work, '.runbook');
  const journal = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  return { code, stdout, stderr, record: readFileSync(path.join(work, 'record.md'), 'utf8'), journal };
}

function assertNone(sinks: Sinks, secrets: string[]): void {
  for (const [sink, text] of Object.entries(sinks)) {
    if (typeof text === 'string') {
      for (const s of secrets) {
        assert.ok(!text.includes(s), `${sink} holds ${s}`);
      }
    }
  }
}

describe('secrets from AWS answers reach no sink, in any output format (issue 9)', function () {
  this.timeout(120_000);
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'runbook-secrets-'));
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await reseedEstate();
  });

  it('sts get-session-token and assume-role: SecretAccessKey and SessionToken redacted by the model in json, text, table, yaml and markdown', async () => {
    const cells = FORMATS.flatMap((f) => [
      `\`\`\`bash\naws sts get-session-token --region us-east-1 --output ${f}\n\`\`\`\n`,
      `\`\`\`bash\naws sts assume-role --role-arn arn:aws:iam::123456789012:role/OnCall --role-session-name s-${f} --region us-east-1 --output ${f}\n\`\`\`\n`,
    ]);
    writeFileSync(path.join(work, 'sts.md'), `# STS\n\n${cells.join('\n')}`);
    const r = await runbook(work, 'sts.md', ['--yes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assertNone(r, [MOTO_SESSION_SECRET]);
    const report = JSON.parse(r.stdout) as { cells: { outputs: Record<string, string>[] }[] };
    assert.equal(report.cells.length, 8);
    for (const [k, cell] of report.cells.entries()) {
      const all = cell.outputs.map((o) => Object.values(o).join('\n')).join('\n');
      assert.match(all, /SecretAccessKey[^\n]*\[REDACTED\]|\t\[REDACTED\]\t\[REDACTED\]/, `cell ${k}: ${all}`);
      // Every value a SecretAccessKey or SessionToken shows, in any rendering, is the marker.
      for (const m of all.matchAll(/(?:SecretAccessKey|SessionToken)["']?\s*[:|]\s*["']?([^\s"'|]+)/g)) {
        // (A wide table puts its header row first: the values are in the rows below, checked by the count.)
        if (!/^[+-]/.test(m[1])) {
          assert.equal(m[1], '[REDACTED]', `cell ${k}: ${m[0]}`);
        }
      }
      assert.ok(all.split('[REDACTED]').length - 1 >= 2, `cell ${k}: ${all}`);
      const text = /^CREDENTIALS\t.*$/m.exec(all)?.[0];
      if (text) {
        assert.match(text, /^CREDENTIALS\tA[SK]IA[A-Z0-9]{16}|^CREDENTIALS\t\[REDACTED\]/);
        assert.match(text, /\t\[REDACTED\]\t\[REDACTED\]$/);
      }
    }
    // The ARN of the assumed role and the expiration stay readable.
    assert.match(r.record, /arn:aws:sts::123456789012:assumed-role\/OnCall\/s-json/);
    assert.match(r.record, /Expiration/);
  });

  it('ssm SecureString with decryption and secretsmanager strings with escaped quotes', async () => {
    const paramValue = 'Pw-7d2e9c41-param';
    const secretPassword = 'Sm-41c0b8e2-"quoted"';
    const secretString = JSON.stringify({ username: 'admin', password: secretPassword });
    const cells = [
      `\`\`\`bash\naws ssm put-parameter --name /db/pw --type SecureString --value ${paramValue} --overwrite --region af-south-1\n\`\`\`\n`,
      `\`\`\`bash\naws secretsmanager create-secret --name db-creds --secret-string '${secretString.replace(/'/g, "'\\''")}' --region af-south-1\n\`\`\`\n`,
      ...FORMATS.flatMap((f) => [
        `\`\`\`bash\naws ssm get-parameter --name /db/pw --with-decryption --region af-south-1 --output ${f}\n\`\`\`\n`,
        `\`\`\`bash\naws secretsmanager get-secret-value --secret-id db-creds --region af-south-1 --output ${f}\n\`\`\`\n`,
      ]),
    ];
    writeFileSync(path.join(work, 'params.md'), `# Params\n\n${cells.join('\n')}`);
    const r = await runbook(work, 'params.md', ['--yes']);
    assert.equal(r.code, 0, r.stderr);
    assertNone(r, [paramValue, secretPassword, 'Sm-41c0b8e2', JSON.stringify(secretString).slice(1, -1)]);
    assert.match(r.stdout, /"Value": "\[REDACTED\]"/);
    assert.match(r.stdout, /"SecretString": "\[REDACTED\]"/);
    // Names and ARNs of the parameter and the secret stay readable.
    assert.match(r.record, /\/db\/pw/);
    assert.match(r.record, /arn:aws:secretsmanager:af-south-1:123456789012:secret:db-creds/);
  });

  it('false positives: the whole DR runbook against moto redacts nothing that is not secret', async () => {
    for (const f of ['dr-runbook.md', 'failover-dns.json']) {
      copyFileSync(path.join(ROOT, 'runbooks', f), path.join(work, f));
    }
    const { estate } = getMotoContext();
    const r = await runbook(work, 'dr-runbook.md', ['--yes', '--var', `TG_ARN=${estate.tgArn['af-south-1']}`, '--var', `ZONE_ID=${estate.zoneId}`, '--timeout', '20']);
    const sinks = [r.stdout, r.stderr, r.record, r.journal];
    for (const text of sinks) {
      assert.doesNotMatch(text, /\[REDACTED\]/, text.split('\n').filter((l) => l.includes('[REDACTED]')).slice(0, 5).join('\n'));
    }
    // What must survive: ARNs, ids, hosted-zone ids, timestamps.
    assert.ok(r.record.includes(estate.tgArn['af-south-1']), 'target group ARN');
    assert.ok(r.record.includes(estate.zoneId), 'hosted zone id');
    assert.match(r.record, /arn:aws:/);
    assert.match(r.record, /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/);
  });
});
