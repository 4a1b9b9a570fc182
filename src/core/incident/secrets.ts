/**
 * The one list of secret values the redactor hides, for every sink: a cell's outputs and events, the journal, the
 * incident record, the extension's log, the CLI's terminal. Read afresh on each use, so a secret learnt later counts.
 */
import type { RunbookOutline } from '../runbook/model';
import type { RunbookSession } from '../session/session';
import type { Settings } from '../settings';

/** Names that are secret by default: `*PASSWORD*`, `*PASSWD*`, `*TOKEN*`, `*SECRET*`, `*_KEY` (any case). */
export function looksSecret(name: string): boolean {
  // `DB_PASS`, `MYSQL_PWD`, `PASS` too (a WordPress host's names); not the shell's own `PWD`.
  return /password|passwd|passphrase|token|secret|credential/i.test(name) || /(^|_)key$/i.test(name) || /_(pass|pwd)$|^pass$/i.test(name);
}

/** Credentials shorter than this are placeholders (moto's `test`), not secrets: hiding them would redact ordinary words. */
export const MIN_CREDENTIAL_LENGTH = 16;

/** The secret parts of the AWS credentials an environment holds. */
export function envCredentialSecrets(env: NodeJS.ProcessEnv): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_SECURITY_TOKEN].filter((v): v is string => !!v && v.length >= MIN_CREDENTIAL_LENGTH);
}

/** Where secrets come from: any of them may be missing (the log knows no runbook, a journal no AWS pool). */
export interface SecretSources {
  session?: Pick<RunbookSession, 'variables' | 'secrets' | 'secretValues'>;
  settings?: Pick<Settings, 'variables' | 'secretVariables'>;
  /** The runbook's frontmatter: `secrets:` names and `variables:` values. */
  outline?: Pick<RunbookOutline, 'variables' | 'frontmatter'>;
  /** The AWS client pool: the credentials it resolved. */
  pool?: { secretValues?: ReadonlySet<string> };
  /** The environment whose AWS credentials count (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Names whose values are secret: declared (settings, session, frontmatter) or named like a secret. */
export function secretNames(src: SecretSources): Set<string> {
  const names = new Set<string>([...(src.settings?.secretVariables ?? []), ...(src.session?.secrets ?? [])]);
  const fm = src.outline?.frontmatter.secrets;
  if (Array.isArray(fm)) {
    fm.filter((x): x is string => typeof x === 'string').forEach((n) => names.add(n));
  }
  const known = [...Object.keys(src.settings?.variables ?? {}), ...(src.session?.variables.keys() ?? []), ...Object.keys(src.outline?.variables ?? {})];
  known.filter(looksSecret).forEach((n) => names.add(n));
  return names;
}

/**
 * Every secret value known: each secret variable's value from every source that holds one, the session's other secret
 * values, and the AWS credentials in use (remembered in the session, so its journal keeps hiding them).
 */
export function secretValues(src: SecretSources): string[] {
  const out = new Set<string>();
  for (const name of secretNames(src)) {
    [src.outline?.variables[name], src.session?.variables.get(name), src.settings?.variables[name]].forEach((v) => v && out.add(v));
  }
  const credentials = [...(src.pool?.secretValues ?? []), ...envCredentialSecrets(src.env ?? process.env)].filter((v) => v.length >= MIN_CREDENTIAL_LENGTH);
  credentials.forEach((v) => (src.session ? src.session.secretValues.add(v) : out.add(v)));
  src.session?.secretValues.forEach((v) => out.add(v));
  return [...out];
}
