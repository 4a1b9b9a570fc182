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
  '(?:password|passwd|passphrase|secret|session[_-]?token|security[_-]?token|access[_-]?token|refresh[_-]?token|auth[_-]?token|api[_-]?key|apikey|private[_-]?key)';

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

/** A rule of the ruleset (secretRules.json): the secret part of a match is its named group `s`. */
interface SecretRule {
  id: string;
  description: string;
  regex: string;
  flags?: string;
}

/** The vendor-token and command-line shapes, compiled from the data file. */
export const RULESET: readonly { id: string; re: RegExp }[] = (rules.rules as SecretRule[]).map((r) => ({ id: r.id, re: new RegExp(r.regex, `dg${r.flags ?? ''}`) }));

/** Every single-line secret shape. */
export const SECRET_PATTERNS: readonly RegExp[] = [
  // AWS access key ids: long-term (AKIA), temporary (ASIA), and the other credential prefixes.
  /(?<![A-Z0-9])(?<s>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])/dg,
  // Secret access keys: 40 base64-ish characters after any key-ish label (aws_secret_access_key, "SecretKey", key=).
  // (Not 40 hex digits: that is a SHA-1 or a key fingerprint, never an AWS secret key.)
  new RegExp(`key${LABEL_SEP}["']?(?![0-9a-fA-F]{40}(?![A-Za-z0-9/+=]))(?<s>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'gid'),
  // STS session tokens are recognisable by their base64 prefix, labelled or not.
  new RegExp(`(?<s>(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=%]{20,${MAX_SECRET_LENGTH}})`, 'dg'),
  // Anything after a secret label (aws_secret_access_key = ..., AWS_SESSION_TOKEN=..., "Password": "...").
  ...labelled(SECRET_LABEL),
  ...flagged(),
  // Passwords in URLs: scheme://user:PASSWORD@host (anchored on "://": fast, and whole even if the scheme was cut off).
  new RegExp(`://[^\\s:/@?#]{0,256}:(?<s>[^\\s@/?#]${CAP})@`, 'dg'),
  // Authorization headers: Bearer / Basic / Token / Digest credentials.
  new RegExp(`authorization["']?[ \\t]{0,8}[:=][ \\t]{0,8}["']?(?:Bearer|Basic|Token|Digest|Negotiate)[ \\t]{1,8}(?<s>[A-Za-z0-9._~+/=-]${CAP})`, 'gid'),
  new RegExp(`\\bBearer[ \\t]{1,8}(?<s>[A-Za-z0-9._~+/-]{8,${MAX_SECRET_LENGTH}}=*)`, 'dg'),
  // SigV4: the signature of an Authorization header or a presigned URL (Signature=..., X-Amz-Signature=...).
  /Signature=(?<s>[0-9a-fA-F]{64})(?![0-9a-fA-F])/dg,
  ...RULESET.map((r) => r.re),
];
