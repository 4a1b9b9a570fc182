/**
 * The shapes of secrets that redaction looks for. Every pattern marks the secret part with the named
 * group `s`; the text around it (labels, schemes, user names) stays readable. Value lengths are capped so
 * that a stream redactor only ever has to hold back a bounded tail.
 */

import rules from './secretRules.json';

/** What replaces every secret, in saved files, journals and logs. */
export const REDACTED = '[REDACTED]';

/** Longest secret value a pattern matches (session tokens are ~1 KiB, with policies up to ~3 KiB). */
export const MAX_SECRET_LENGTH = 4096;

const CAP = `{1,${MAX_SECRET_LENGTH}}`;

/** Labels whose value is a secret, whatever its shape (matched inside longer names: DB_PASSWORD, SecretString). */
const SECRET_LABEL =
  '(?:password|passwd|passphrase|secret|session[_-]?token|security[_-]?token|access[_-]?token|refresh[_-]?token|auth[_-]?token|api[_-]?key|apikey|private[_-]?key' +
  // `DB_PASS=`, `pass:` (a word of its own, not `bypass` or `passenger`); `MYSQL_PWD=` (not the shell's `PWD=`/`OLDPWD=`).
  '|(?<![a-z])pass(?![a-z0-9])|(?<=[a-z0-9][_-])pwd(?![a-z0-9]))';

/** Values that are never secrets even after a secret label: booleans, null, ARNs, shell/template references, ours. */
const NOT_A_VALUE = '(?!(?:true|false|null|none|string|number|boolean|undefined)\\b|arn:|\\$|\\{\\{|\\[REDACTED\\])';

const LABEL_SEP = `[A-Za-z0-9_-]*["']?[ \\t]{0,8}[:=][ \\t]{0,8}`;

function labelled(bare: string, flags = 'gid'): RegExp[] {
  // Not inside an ARN or a path (arn:aws:secretsmanager:..., /secret/...).
  const label = `(?<![:/.])${bare}`;
  return [
    // A double-quoted value runs to the first unescaped quote (`"SecretString": "{\"password\":\"x\"}"` whole).
    new RegExp(`${label}${LABEL_SEP}"${NOT_A_VALUE}(?<s>(?:\\\\.|[^"\\\\\\n])${CAP})"`, flags),
    // Inside escaped JSON (a JSON string holding JSON, escaped once or more): `\"password\":\"x\"`.
    new RegExp(`${label}[A-Za-z0-9_-]*(?:\\\\+"|["'])?[ \\t]{0,8}[:=][ \\t]{0,8}\\\\+"${NOT_A_VALUE}(?<s>[^"\\\\\\n]${CAP})\\\\+"`, flags),
    new RegExp(`${label}${LABEL_SEP}'${NOT_A_VALUE}(?<s>[^'\\n]${CAP})'`, flags),
    // (A backslash ends an unquoted value only before a quote: `KEY=value\"` inside a JSON string keeps its escape.)
    new RegExp(`${label}${LABEL_SEP}${NOT_A_VALUE}(?<s>(?:[^\\s"'\`,;&}{)(\\]\\[\\\\]|\\\\(?!["']))${CAP})`, flags),
    // A table cell beside its label (`| SecretAccessKey |  value |`).
    new RegExp(`${label}[A-Za-z0-9_-]*[ \\t]{0,8}\\\\?\\|[ \\t]{0,8}${NOT_A_VALUE}(?<s>[^\\s|\\\\]${CAP})`, flags),
  ];
}

/** Command-line flags whose argument is a secret (`aws secretsmanager put-secret-value --secret-string ...`). */
const SECRET_FLAG = '--(?:secret-string|secret-binary|password|master-user-password|secret-access-key|session-token|token|plaintext)';

function flagged(): RegExp[] {
  return [
    new RegExp(`${SECRET_FLAG}(?:=|[ \\t]{1,8})"${NOT_A_VALUE}(?<s>[^"\\n]${CAP})"`, 'gid'),
    new RegExp(`${SECRET_FLAG}(?:=|[ \\t]{1,8})'${NOT_A_VALUE}(?<s>[^'\\n]${CAP})'`, 'gid'),
    new RegExp(`${SECRET_FLAG}(?:=|[ \\t]{1,8})(?!-)${NOT_A_VALUE}(?<s>(?:[^\\s"'\\\\]|\\\\(?!["']))${CAP})`, 'gid'),
  ];
}

/** A PEM private key block; the `open` variant has no END line (yet), and runs to the end of the text. */
export const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/;
export const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----/;
export const PEM_CLOSED = new RegExp(`(?<s>${PEM_BEGIN.source}[\\s\\S]*?${PEM_END.source})`, 'gd');
export const PEM_OPEN = new RegExp(`(?<s>${PEM_BEGIN.source}[\\s\\S]*$)`, 'd');
/** In every PEM block, closed or open (lower case, like the keywords below). */
export const PEM_KEYWORD = 'private key-----';

/** A rule of the ruleset (secretRules.json): the secret part of a match is its named group `s`. */
interface SecretRule {
  id: string;
  description: string;
  regex: string;
  flags?: string;
  keywords: string[];
}

/**
 * A secret shape and its keywords: lower-case strings of which at least one occurs (in any letter case) in every
 * text the regex can match. A text that holds none of them cannot match, so the regex is not run on it (as gitleaks
 * does): most text holds no keyword of most shapes, and a regex not run is not even compiled in a fresh process.
 */
export interface SecretPattern {
  re: RegExp;
  keywords: readonly string[];
}

/** The vendor-token and command-line shapes, compiled from the data file. */
export const RULESET: readonly (SecretPattern & { id: string })[] = (rules.rules as SecretRule[]).map((r) => ({
  id: r.id,
  re: new RegExp(r.regex, `dg${r.flags ?? ''}`),
  keywords: r.keywords,
}));

/** The labels' keywords: each alternative of SECRET_LABEL holds one of these. */
const LABEL_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'privatekey', 'private_key', 'private-key'];

/** Every single-line secret shape, with its keywords. */
export const KEYED_PATTERNS: readonly SecretPattern[] = [
  // AWS access key ids: long-term (AKIA), temporary (ASIA), and the other credential prefixes.
  { re: /(?<![A-Z0-9])(?<s>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])/dg, keywords: ['akia', 'asia', 'abia', 'acca'] },
  // Secret access keys: 40 base64-ish characters after any key-ish label (aws_secret_access_key, "SecretKey", key=).
  // (Not 40 hex digits: that is a SHA-1 or a key fingerprint, never an AWS secret key.)
  { re: new RegExp(`key${LABEL_SEP}["']?(?![0-9a-fA-F]{40}(?![A-Za-z0-9/+=]))(?<s>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'gid'), keywords: ['key'] },
  // STS session tokens are recognisable by their base64 prefix, labelled or not.
  {
    re: new RegExp(`(?<s>(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=%]{20,${MAX_SECRET_LENGTH}})`, 'dg'),
    keywords: ['iqojb3jpz2lu', 'fwogzxivyxdz', 'fqogzxivyxdz'],
  },
  // Anything after a secret label (aws_secret_access_key = ..., AWS_SESSION_TOKEN=..., "Password": "...").
  ...labelled(SECRET_LABEL).map((re) => ({ re, keywords: LABEL_KEYWORDS })),
  ...flagged().map((re) => ({ re, keywords: ['--secret-', '--password', '--master-user-password', '--session-token', '--token', '--plaintext'] })),
  // Passwords in URLs: scheme://user:PASSWORD@host (anchored on "://": fast, and whole even if the scheme was cut off).
  { re: new RegExp(`://[^\\s:/@?#]{0,256}:(?<s>[^\\s@/?#]${CAP})@`, 'dg'), keywords: ['://'] },
  // Authorization headers: Bearer / Basic / Token / Digest credentials.
  {
    re: new RegExp(`authorization["']?[ \\t]{0,8}[:=][ \\t]{0,8}["']?(?:Bearer|Basic|Token|Digest|Negotiate)[ \\t]{1,8}(?<s>[A-Za-z0-9._~+/=-]${CAP})`, 'gid'),
    keywords: ['authorization'],
  },
  { re: new RegExp(`\\bBearer[ \\t]{1,8}(?<s>[A-Za-z0-9._~+/-]{8,${MAX_SECRET_LENGTH}}=*)`, 'dg'), keywords: ['bearer'] },
  // SigV4: the signature of an Authorization header or a presigned URL (Signature=..., X-Amz-Signature=...).
  { re: /Signature=(?<s>[0-9a-fA-F]{64})(?![0-9a-fA-F])/dg, keywords: ['signature='] },
  ...RULESET,
];

/** Every single-line secret shape. */
export const SECRET_PATTERNS: readonly RegExp[] = KEYED_PATTERNS.map((p) => p.re);
