/**
 * The adversarial corpus of secret shapes (issue 9): each entry is a line as a tool would print it and
 * the secret that must reach no sink (record, journal, CLI stdout/stderr, --json, progress lines, logs).
 * Token bodies are generated (deterministic, never real keys), so no scanner mistakes this file for a leak.
 */

/** `n` characters from `alphabet`, the same for the same seed. */
export function fake(n: number, seed: number, alphabet = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ'): string {
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += alphabet[(x >>> 8) % alphabet.length];
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface SecretShape {
  name: string;
  text: string;
  secret: string;
}

function shape(name: string, secret: string, around: (s: string) => string): SecretShape {
  return { name, secret, text: around(secret) };
}

const akid = `AKIA${fake(16, 1, UPPER)}`;
const asid = `ASIA${fake(16, 2, UPPER)}`;
const sak = `${fake(18, 3, B64)}Aa9${fake(19, 4, B64)}`;
const sessionToken = `IQoJb3JpZ2luX2Vj${fake(300, 5, B64)}`;
const fwoToken = `FwoGZXIvYXdz${fake(200, 6, B64)}`;
const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${fake(40, 7)}.${fake(43, 8)}`;
const pem = ['-----BEGIN RSA PRIVATE KEY-----', fake(64, 9, B64), fake(64, 10, B64), '-----END RSA PRIVATE KEY-----'].join('\n');
const ecPem = ['-----BEGIN EC PRIVATE KEY-----', fake(64, 11, B64), '-----END EC PRIVATE KEY-----'].join('\n');
const opensshPem = ['-----BEGIN OPENSSH PRIVATE KEY-----', `b3BlbnNzaC1rZXktdjEAAAAA${fake(40, 12, B64)}`, '-----END OPENSSH PRIVATE KEY-----'].join('\n');

export const SECRET_SHAPES: SecretShape[] = [
  // AWS keys in every context
  shape('access key id, bare', akid, (s) => `found ${s} in the log`),
  shape('temporary access key id in JSON', asid, (s) => `"AccessKeyId": "${s}",`),
  shape('secret key in JSON', sak, (s) => `"SecretAccessKey": "${s}",`),
  shape('secret key in credentials file', sak, (s) => `aws_secret_access_key = ${s}`),
  shape('secret key exported', sak, (s) => `export AWS_SECRET_ACCESS_KEY=${s}`),
  shape('secret key exported in quotes', sak, (s) => `export AWS_SECRET_ACCESS_KEY="${s}"`),
  shape('bare secret key after access key (text output)', sak, (s) => `CREDENTIALS\t${asid}\t2026-12-03T10:00:00+00:00\t${s}\tshort`),
  shape('bare secret key before access key (CSV)', sak, (s) => `${s},${akid}`),
  shape('secret key in a table cell', sak, (s) => `||  SecretAccessKey |  ${s}  ||`),
  shape('secret key in yaml', sak, (s) => `  SecretAccessKey: ${s}`),
  shape('session token labelled', sessionToken, (s) => `aws_session_token=${s}`),
  shape('session token bare', sessionToken, (s) => `token ${s} end`),
  shape('session token (older prefix)', fwoToken, (s) => `"SessionToken": "${s}"`),
  shape('security token header', fwoToken, (s) => `X-Amz-Security-Token: ${s}`),
  shape('SigV4 signature', fake(64, 13, HEX), (s) => `Credential=x/20261203/af-south-1/ecs/aws4_request, SignedHeaders=host, Signature=${s}`),
  shape('presigned URL signature', fake(64, 14, HEX), (s) => `https://b.s3.amazonaws.com/k?X-Amz-Signature=${s}&x=1`),
  shape('aws configure set secret', sak, (s) => `configure set aws_secret_access_key ${s}`),
  shape('--secret-access-key flag', sak, (s) => `tool --secret-access-key ${s}`),
  // Vendor tokens
  shape('GitHub classic PAT', `ghp_${fake(36, 20)}`, (s) => `GITHUB=${s.slice(0, 0)}x; git clone https://${s}@github.com/o/r.git`),
  shape('GitHub PAT bare', `ghp_${fake(36, 21)}`, (s) => `using ${s}`),
  shape('GitHub fine-grained PAT', `github_pat_${fake(22, 22)}_${fake(59, 23)}`, (s) => `token: ${s}`),
  shape('GitHub OAuth token', `gho_${fake(36, 24)}`, (s) => `${s}`),
  shape('GitHub app token', `ghs_${fake(36, 25)}`, (s) => `installation token ${s}`),
  shape('GitLab PAT', `glpat-${fake(20, 26)}`, (s) => `PRIVATE-TOKEN ${s}`),
  shape('GitLab runner token', `glrt-${fake(20, 27)}`, (s) => `runner ${s}`),
  shape('Slack bot token', `xoxb-${fake(11, 28, HEX.replace(/[a-f]/g, ''))}-${fake(12, 29, '0123456789')}-${fake(24, 30)}`, (s) => `SLACK=${s.slice(0, 0)}x slack ${s}`),
  shape('Slack user token', `xoxp-${fake(11, 31, '0123456789')}-${fake(24, 32)}`, (s) => `${s}`),
  shape('Slack webhook URL', `T${fake(8, 33, UPPER)}/B${fake(8, 34, UPPER)}/${fake(24, 35)}`, (s) => `curl -X POST https://hooks.slack.com/services/${s} -d @msg.json`),
  shape('Stripe live key', `sk_live_${fake(24, 36)}`, (s) => `stripe key ${s}`),
  shape('Stripe restricted key', `rk_live_${fake(24, 37)}`, (s) => `${s}`),
  shape('Google API key', `AIza${fake(35, 38)}`, (s) => `https://maps.googleapis.com/x?key=${s.slice(0, 0)}k&k2=${s}`),
  shape('npm token', `npm_${fake(36, 39)}`, (s) => `//registry.example/:_authToken=${s}`),
  shape('npm token bare', `npm_${fake(36, 40)}`, (s) => `${s}`),
  shape('JWT bare', jwt, (s) => `id_token ${s}`),
  shape('JWT in JSON', jwt, (s) => `{"jwt": "${s}"}`),
  shape('SendGrid key', `SG.${fake(22, 41)}.${fake(43, 42)}`, (s) => `${s}`),
  shape('Vault token', `hvs.${fake(24, 43)}`, (s) => `VAULT=${s.slice(0, 0)}x ${s}`),
  shape('Docker Hub PAT', `dckr_pat_${fake(27, 44)}`, (s) => `docker login -p ${s.slice(0, 0)}x ${s}`),
  shape('DigitalOcean token', `dop_v1_${fake(64, 45, HEX)}`, (s) => `${s}`),
  shape('OpenAI-style key', `sk-proj-${fake(48, 46)}`, (s) => `OPENAI=${s.slice(0, 0)}x ${s}`),
  shape('Azure storage key', `${fake(86, 47, B64)}==`, (s) => `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${s};EndpointSuffix=core.windows.net`),
  // Private keys
  shape('RSA private key', pem.split('\n')[1], () => `key:\n${pem}\nafter`),
  shape('EC private key', ecPem.split('\n')[1], () => ecPem),
  shape('OpenSSH private key', opensshPem.split('\n')[1], () => `${opensshPem}\n`),
  // Passwords in command lines, URLs and headers
  shape('user:pass@ URL', `Pw${fake(12, 48)}`, (s) => `DATABASE_URL=postgres://admin:${s}@db.internal:5432/app`),
  shape('user:pass@ URL with odd chars', `p4ss!${fake(8, 49)}`, (s) => `redis://:${s}@cache.local:6379`),
  shape('git remote with token', `x${fake(30, 50)}`, (s) => `https://oauth2:${s}@gitlab.example.com/g/p.git`),
  shape('Authorization Bearer', `${fake(40, 51)}`, (s) => `Authorization: Bearer ${s}`),
  shape('Authorization Basic', Buffer.from(`admin:${fake(10, 52)}`).toString('base64'), (s) => `authorization: Basic ${s}`),
  shape('Authorization raw token', fake(32, 53), (s) => `Authorization: ${s}`),
  shape('curl -H Authorization', fake(32, 54), (s) => `curl -H "Authorization: token ${s}" https://api.example`),
  shape('curl -u user:pass', `Cu${fake(12, 55)}`, (s) => `curl -u deploy:${s} https://ci.example/job`),
  shape('mysql -pPASSWORD', `My${fake(10, 56)}`, (s) => `mysql -h db -u root -p${s} -e 'select 1'`),
  shape("mysqldump -p'PASSWORD'", `Md${fake(10, 57)}`, (s) => `mysqldump -uadmin -p'${s}' app > dump.sql`),
  shape('sshpass -p', `Ss${fake(10, 58)}`, (s) => `sshpass -p ${s} ssh ops@host`),
  shape('--password flag', `Fp${fake(10, 59)}`, (s) => `psql --password=${s} -h db`),
  shape('--master-user-password', `Mu${fake(10, 60)}`, (s) => `rds modify-db-instance --db-instance-identifier x --master-user-password ${s}`),
  shape('PGPASSWORD env', `Pg${fake(10, 61)}`, (s) => `PGPASSWORD=${s} psql -h db`),
  shape('password in JSON', `correct horse ${fake(6, 62)}`, (s) => `{"Password": "${s}"}`),
  shape('password in yaml', `Yp${fake(10, 63)}`, (s) => `  db_password: ${s}`),
  shape('api key header', fake(32, 64), (s) => `x-api-key: ${s}`),
  // Secrets Manager / SSM shapes
  shape('SecretString with escaped quotes', `Es${fake(10, 65)}`, (s) => `"SecretString": "{\\"username\\":\\"admin\\",\\"password\\":\\"${s}\\"}",`),
  shape('escaped JSON password alone', `Ej${fake(10, 66)}`, (s) => `{\\"password\\":\\"${s}\\"}`),
  shape('--secret-string JSON', `Ss${fake(10, 67)}`, (s) => `secretsmanager put-secret-value --secret-id db --secret-string '{"u":"a","p":"${s}"}'`),
  shape('SSM SecureString value flag', `Sv${fake(10, 68)}`, (s) => `ssm put-parameter --name /db/pw --type SecureString --value ${s.slice(0, 0)}x --secret-string ${s}`),
  // A WordPress host's own shapes (found in review: none of these was hidden): `cat wp-config.php`, `env`, a .env file.
  shape('wp-config DB_PASSWORD define', `Wp${fake(12, 69)}`, (s) => `define( 'DB_PASSWORD', '${s}' );`),
  shape('wp-config AUTH_KEY define', `${fake(20, 70)}|#{${fake(20, 71)}`, (s) => `define('AUTH_KEY',         '${s}');`),
  shape('wp-config salt, double quotes', `Sa${fake(30, 72)}`, (s) => `define("NONCE_SALT", "${s}");`),
  // The other quote character inside the value: redacted only up to it, the rest of the password stayed (found in review).
  shape('wp-config password holding a double quote', `Qd${fake(6, 76)}"${fake(8, 77)}`, (s) => `define('DB_PASSWORD', '${s}');`),
  shape('wp-config password holding a single quote', `Qs${fake(6, 78)}'${fake(8, 79)}`, (s) => `define("DB_PASSWORD", "${s}");`),
  shape('DB_PASS env, quoted', `Dp${fake(12, 73)}`, (s) => `export DB_PASS="${s}"`),
  shape('WORDPRESS_DB_PASS in compose yaml', `Wd${fake(12, 74)}`, (s) => `      WORDPRESS_DB_PASS: ${s}`),
  shape('MYSQL_PWD env', `Mp${fake(12, 75)}`, (s) => `MYSQL_PWD=${s} mysql -h db -u wp`),
];
