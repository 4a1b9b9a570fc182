/**
 * The AWS CLI's global options, written in full. The AWS CLI v1 (argparse) accepts any unambiguous prefix
 * (`aws --reg eu-west-1 ...` is `--region`, `--endpoint` is `--endpoint-url`; checked with aws-cli 1.45),
 * so an abbreviation can move a call to another region or endpoint unseen. The kernel does not guess:
 * it refuses an abbreviated global option (fails closed) and asks for the full name.
 */
import { RunbookError } from '../errors';

const VALUED = ['region', 'profile', 'endpoint-url', 'output', 'query', 'color', 'ca-bundle', 'cli-read-timeout', 'cli-connect-timeout', 'cli-binary-format'];
const FLAGS = ['debug', 'no-verify-ssl', 'no-paginate', 'no-sign-request', 'no-cli-pager', 'cli-auto-prompt', 'no-cli-auto-prompt', 'version'];
const ALL = [...VALUED, ...FLAGS];

function nameOf(word: string): string {
  return word.slice(2).split('=')[0];
}

function abbreviated(word: string, matches: string[]): RunbookError {
  const full = matches.map((m) => `--${m}`).join(' or ');
  return new RunbookError(
    'ambiguousOption',
    `aws: ${word.split('=')[0]} is not an option${full ? `: write it in full (${full})` : ' the AWS CLI takes before the service'}; the runbook does not guess abbreviated options.`,
    { option: word },
  );
}

/** Throws for a word that is a strict prefix of a global option (`--reg`, `--endpoint`, `--prof`). */
export function checkNoAbbreviatedGlobals(words: readonly string[]): void {
  for (const w of words) {
    if (!/^--[A-Za-z]/.test(w)) {
      continue;
    }
    const name = nameOf(w);
    const matches = ALL.filter((g) => g !== name && g.startsWith(name));
    if (matches.length > 0 && !ALL.includes(name)) {
      throw abbreviated(w, matches);
    }
  }
}

/**
 * argv after `aws` with the global options written before the service moved after the operation, where
 * the translator reads them (`aws --region R ecs list-clusters` -> `ecs list-clusters --region R`).
 * Before the service only global options written in full are accepted.
 */
export function normalizeAwsArgv(argv: readonly string[]): string[] {
  const lead: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const w = argv[i];
    const name = nameOf(w);
    if (!w.startsWith('--') || !ALL.includes(name)) {
      throw abbreviated(w, ALL.filter((g) => g.startsWith(name) && name.length > 0));
    }
    const takesValue = VALUED.includes(name) && !w.includes('=');
    if (takesValue && i + 1 >= argv.length) {
      throw new RunbookError('badValue', `aws: --${name} needs a value.`, { option: w });
    }
    lead.push(...argv.slice(i, takesValue ? i + 2 : i + 1));
    i += takesValue ? 2 : 1;
  }
  const rest = argv.slice(i);
  checkNoAbbreviatedGlobals(rest);
  return [...rest, ...lead];
}
