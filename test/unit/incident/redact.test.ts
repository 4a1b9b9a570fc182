import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { RecordingLogger } from '../../../src/core/logger';
import { RunbookSession } from '../../../src/core/session/session';
import { REDACTED, StreamRedactor, redactText, redactingLogger } from '../../../src/core/incident/redact';
import { looksSecret, secretValues } from '../../../src/core/incident/secrets';

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Z4nF4z1Pdl2UcVmnWkbG7Cq1',
  'x7oFqkjY0rC2Lh1n9mQ6JvA0Vn3hT3kKfS8u0x9rYt5b2vQwE1ZpZy0Hn8gJtWq4',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

/** Each entry: a text with one secret, and the secret that must disappear. */
export const CORPUS: { text: string; secret: string }[] = [
  { text: 'UserId: AKIAIOSFODNN7EXAMPLE', secret: 'AKIAIOSFODNN7EXAMPLE' },
  { text: '"AccessKeyId": "ASIAY34FZKBOKMUTVV7A",', secret: 'ASIAY34FZKBOKMUTVV7A' },
  { text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { text: 'aws_secret_access_key=shortbutsecret', secret: 'shortbutsecret' },
  { text: '"SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
  { text: 'export AWS_SECRET_ACCESS_KEY="abcDEF0123456789abcDEF0123456789abcdWXYZ"', secret: 'abcDEF0123456789abcDEF0123456789abcdWXYZ' },
  { text: 'key: Zx9+Qw8/Lk7Jh6Gf5Dd4Ss3Aa2Pp1Oo0Ii9Uu8Yy', secret: 'Zx9+Qw8/Lk7Jh6Gf5Dd4Ss3Aa2Pp1Oo0Ii9Uu8Yy' },
  { text: 'aws_session_token = IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQDx', secret: 'IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQDx' },
  { text: '"SessionToken": "FQoGZXIvYXdzEBYaDHhBTEXAMPLEtoken0123456789"', secret: 'FQoGZXIvYXdzEBYaDHhBTEXAMPLEtoken0123456789' },
  { text: 'token is FwoGZXIvYXdzEJr0123456789abcdefABCDEF end', secret: 'FwoGZXIvYXdzEJr0123456789abcdefABCDEF' },
  { text: 'X-Amz-Security-Token: AgoJb3JpZ2luX2VjEHwaCXVzLWVhc3QtMSJIMEYCIQ', secret: 'AgoJb3JpZ2luX2VjEHwaCXVzLWVhc3QtMSJIMEYCIQ' },
  { text: 'DATABASE_URL=postgres://admin:hunter2pass@db.internal:5432/app', secret: 'hunter2pass' },
  { text: 'redis://:p4ssw0rd!@cache.local:6379', secret: 'p4ssw0rd!' },
  { text: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' },
  { text: 'authorization: Basic YWRtaW46c2VjcmV0', secret: 'YWRtaW46c2VjcmV0' },
  { text: 'curl -H "Authorization: token ghp_abcdefghijklmnop0123456789"', secret: 'ghp_abcdefghijklmnop0123456789' },
  {
    text: 'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/af-south-1/ecs/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    secret: '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  },
  { text: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404&x=1', secret: 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404' },
  { text: `key follows\n${PEM}\nafter`, secret: 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Z4nF4z1Pdl2UcVmnWkbG7Cq1' },
  { text: '{"Password": "correct horse battery staple"}', secret: 'correct horse battery staple' },
  { text: 'DB_PASSWORD=Tr0ub4dor&3x', secret: 'Tr0ub4dor' },
  { text: "aws secretsmanager put-secret-value --secret-id db --secret-string '{\"u\":\"a\",\"p\":\"b c\"}'", secret: '"p":"b c"' },
  { text: 'rds create-db-instance --master-user-password Zq8xW3vB9', secret: 'Zq8xW3vB9' },
];

/** Text that must come out unchanged. */
const INNOCENT = [
  'arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/wp-tg-primary/73e2d6bc24d8a067',
  'arn:aws:secretsmanager:af-south-1:123456789012:secret:prod/db-AbCdEf',
  'arn:aws:sts::123456789012:assumed-role/OnCall/jane',
  '"RequestId": "4c0b7f0e-3d2b-4b8e-9c3a-1f2e3d4c5b6a"',
  'x-amz-request-id: 4442587FB7D0A2F9',
  'x-amz-id-2: vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=',
  'eyJjbHVzdGVyIjoicHJvZC1jbHVzdGVyIiwiZGVzaXJlZENvdW50IjozfQ==',
  '"HostedZoneId": "Z2P70J7EXAMPLE", "DNSName": "wp-alb-1.af-south-1.elb.amazonaws.com"',
  'UserId: AIDACKCEVSQ6C2EXAMPLE',
  '"NextToken": "eyJ0b2tlbiI6IDF9"',
  '"secret": true, "password": null',
  'echo "$DB_PASSWORD" | psql --password=$PGPASS',
  'https://wp.kimmyai.io:443/health?x=1',
  'ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519',
  'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  '"TaskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/wp:3"',
  'Release GPG key: 9554F04D7259F04124DE6B476D5A82AC7E37093B',
  'readonly secretAccessKey: string;',
];

function streamAll(text: string, cuts: number[], secrets: string[] = []): string {
  const r = new StreamRedactor({ secrets });
  let out = '';
  let pos = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out += r.push(text.slice(pos, cut));
    pos = cut;
  }
  return out + r.push(text.slice(pos)) + r.flush();
}

describe('redactText', () => {
  for (const { text, secret } of CORPUS) {
    it(`hides ${JSON.stringify(text.slice(0, 40))}`, () => {
      const out = redactText(text);
      assert.ok(!out.includes(secret), out);
      assert.ok(out.includes(REDACTED), out);
    });
  }

  for (const text of INNOCENT) {
    it(`keeps ${JSON.stringify(text.slice(0, 50))}`, () => {
      assert.equal(redactText(text), text);
    });
  }

  it('keeps the label and the surroundings readable', () => {
    assert.equal(redactText('postgres://admin:pw12345@db:5432/x'), `postgres://admin:${REDACTED}@db:5432/x`);
    assert.equal(redactText('aws_secret_access_key = abcdefgh'), `aws_secret_access_key = ${REDACTED}`);
    assert.equal(redactText(`a\n${PEM}\nb`), `a\n${REDACTED}\nb`);
  });

  it('hides an unterminated private key to the end of the text', () => {
    const out = redactText('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n');
    assert.equal(out, REDACTED);
  });

  it('hides the given secret values, longest first, ignoring very short ones', () => {
    assert.equal(redactText('pw=s3cretvalue and s3cret and ab', { secrets: ['s3cret', 's3cretvalue', 'ab'] }), `pw=${REDACTED} and ${REDACTED} and ab`);
    assert.equal(redactText('a.b*c(d) here', { secrets: ['a.b*c(d)'] }), `${REDACTED} here`);
  });

  it('keeps 200 random UUIDs and hex request ids', () => {
    fc.assert(fc.property(fc.uuid(), fc.stringMatching(/^[0-9A-F]{16}$/), (u, h) => redactText(`${u} ${h}`) === `${u} ${h}`), { numRuns: 200 });
  });

  it('keeps base64 of ordinary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const b64 = Buffer.from(JSON.stringify(v)).toString('base64');
        return redactText(b64) === b64;
      }),
      { numRuns: 300 },
    );
  });
});

describe('StreamRedactor', () => {
  it('hides every corpus secret split at every position', () => {
    for (const { text, secret } of CORPUS) {
      const whole = redactText(text);
      for (let i = 0; i <= text.length; i++) {
        const out = streamAll(text, [i]);
        assert.equal(out, whole, `split at ${i} of ${JSON.stringify(text)}`);
        assert.ok(!out.includes(secret));
      }
    }
  });

  it('matches redactText for any chunking of corpus lines (fast-check)', () => {
    const doc = fc.array(fc.oneof(fc.constantFrom(...CORPUS.map((c) => c.text), ...INNOCENT), fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 10 }), (lines, rawCuts) => {
        const text = lines.join('\n');
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        return streamAll(text, cuts) === redactText(text);
      }),
      { numRuns: 300 },
    );
  });

  it('hides a given secret split character by character', () => {
    const text = 'connecting with Sup3rS3cretPassw0rd to the db\n';
    const out = streamAll(text, [...text].map((_, i) => i), ['Sup3rS3cretPassw0rd']);
    assert.equal(out, `connecting with ${REDACTED} to the db\n`);
  });

  it('hides a given secret that spans lines, split at every position', () => {
    const secret = '{"user":"app",\n"pass":"b0nkers"}';
    const text = `the value is\n${secret}\nend\n`;
    for (let i = 0; i <= text.length; i++) {
      assert.equal(streamAll(text, [i], [secret]), `the value is\n${REDACTED}\nend\n`, `split at ${i}`);
    }
  });

  it('releases complete lines at once and holds only a bounded tail', () => {
    const r = new StreamRedactor();
    assert.equal(r.push('line one\nline tw'), 'line one\n');
    const long = 'x'.repeat(10_000);
    const out = r.push(long);
    assert.ok(out.length >= 10_000 - 600, `released ${out.length}`);
    assert.equal(out + r.flush(), `line tw${long}`);
  });

  it('drops a private key streamed in many chunks, keeping what follows', () => {
    const big = `${PEM.split('\n')[0]}\n${'QUJD'.repeat(2000)}\n${PEM.split('\n').slice(-1)[0]}\nafter\n`;
    const r = new StreamRedactor();
    let out = '';
    for (let i = 0; i < big.length; i += 97) {
      out += r.push(big.slice(i, i + 97));
    }
    out += r.flush();
    assert.equal(out, `${REDACTED}\nafter\n`);
  });

  it('reads the secrets afresh at each chunk when given a function', () => {
    const secrets: string[] = [];
    const r = new StreamRedactor(() => ({ secrets }));
    assert.equal(r.push('first tokenvalue1\n'), 'first tokenvalue1\n');
    secrets.push('tokenvalue1');
    assert.equal(r.push('second tokenvalue1\n') + r.flush(), `second ${REDACTED}\n`);
  });
});

describe('redactingLogger and the one list of secret values', () => {
  it('redacts messages, string arguments, errors and objects', () => {
    const rec = new RecordingLogger();
    const log = redactingLogger(rec, { secrets: ['hunter22'] });
    log.info('calling with AKIAIOSFODNN7EXAMPLE and hunter22');
    log.error(new Error('failed: password=hunter22'));
    assert.deepEqual(rec.lines, [
      { level: 'info', message: `calling with ${REDACTED} and ${REDACTED}` },
      { level: 'error', message: `Error: failed: password=${REDACTED}` },
    ]);
  });

  it("lists the values of a session's secret variables", () => {
    const s = new RunbookSession('/tmp/x.md', 'op', 'host', 'id');
    s.variables.set('DB_PASS', 'p4ssw0rd');
    s.variables.set('CLUSTER', 'prod');
    s.secrets.add('DB_PASS');
    s.secrets.add('MISSING');
    assert.deepEqual(secretValues({ session: s, env: {} }), ['p4ssw0rd']);
  });

  it('takes a secret name from any source and its value from every source that holds one (the log, the journal and a cell see the same list)', () => {
    const session = new RunbookSession('/tmp/x.md', 'op', 'host', 'id');
    session.variables.set('DB_PASS', 'from-session-1');
    session.secrets.add('DB_PASS');
    const settings = { variables: { DB_PASS: 'from-settings-1', API_TOKEN: 'token-in-settings', REGION: 'eu-west-1' }, secretVariables: [] };
    const outline = { variables: { DB_PASS: 'from-frontmatter', ZONE: 'Z1' }, frontmatter: { secrets: ['ZONE'] } };
    const env = { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_SESSION_TOKEN: 'test' };
    assert.deepEqual(secretValues({ session, settings, outline, env }).sort(), ['Z1', 'from-frontmatter', 'from-session-1', 'from-settings-1', 'token-in-settings', env.AWS_SECRET_ACCESS_KEY].sort());
    assert.ok(session.secretValues.has(env.AWS_SECRET_ACCESS_KEY), 'the credential stays known to the session (its journal)');
  });

  it("lists the values of the settings' secret variables, and a source function is read on every line", () => {
    const settings = { variables: { DB_PASS: 'from-settings-1', REGION: 'eu-west-1' }, secretVariables: ['DB_PASS', 'NOT_SET'] };
    assert.deepEqual(secretValues({ settings, env: {} }), ['from-settings-1']);
    const rec = new RecordingLogger();
    const secrets: string[] = [];
    const log = redactingLogger(rec, () => ({ secrets }));
    log.info('value from-settings-1');
    secrets.push(...secretValues({ settings, env: {} }));
    log.info('value from-settings-1');
    assert.deepEqual(rec.lines.map((l) => l.message), ['value from-settings-1', `value ${REDACTED}`]);
  });
});

describe('secret-looking names (a WordPress host\'s own)', () => {
  it('DB_PASS, MYSQL_PWD and PASS name secrets; the shell\'s PWD, OLDPWD and a passenger count do not', () => {
    for (const n of ['DB_PASS', 'wordpress_db_pass', 'MYSQL_PWD', 'PASS', 'DB_PASSWORD', 'AUTH_KEY']) {
      assert.ok(looksSecret(n), n);
    }
    for (const n of ['PWD', 'OLDPWD', 'PASSENGERS', 'BYPASS', 'REGION']) {
      assert.ok(!looksSecret(n), n);
    }
  });

  it('the value of a variable named DB_PASS is hidden wherever it appears, labelled or not', () => {
    const values = secretValues({ settings: { variables: { DB_PASS: 'Wp-db-pass-9f8e7d' }, secretVariables: [] }, env: {} });
    assert.ok(values.includes('Wp-db-pass-9f8e7d'));
    assert.equal(redactText('connected with Wp-db-pass-9f8e7d as wp', { secrets: values }), `connected with ${REDACTED} as wp`);
  });
});
