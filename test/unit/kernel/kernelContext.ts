import { AwsClientPool } from '../../../src/core/aws/clients';
import type { ConfirmRequest, ExecContext, PlaceholderRequest, StreamItem } from '../../../src/core/kernel/context';
import { NULL_LOGGER } from '../../../src/core/logger';
import type { RunbookOutline } from '../../../src/core/runbook/model';
import { RunbookSession } from '../../../src/core/session/session';
import { normalizeSettings, type Settings } from '../../../src/core/settings';

export interface TestContext extends ExecContext {
  streamed: StreamItem[];
  prompts: PlaceholderRequest[];
  confirms: ConfirmRequest[];
}

export function emptyOutline(over: Partial<RunbookOutline> = {}): RunbookOutline {
  return { regions: {}, phases: [], checklists: [], decisionMatrix: [], variables: {}, frontmatter: {}, ...over };
}

/** A real ExecContext over a real session and pool; answers come from the given functions. */
export function testContext(
  opts: {
    settings?: unknown;
    outline?: RunbookOutline;
    answer?: (req: PlaceholderRequest) => string | undefined;
    confirm?: boolean;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    signal?: AbortSignal;
  } = {},
): TestContext {
  const settings: Settings = normalizeSettings(opts.settings ?? {});
  const env = opts.env ?? { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const ctx: TestContext = {
    cwd: opts.cwd ?? process.cwd(),
    session: new RunbookSession('/tmp/test-runbook.md', 'tester', 'testhost'),
    settings,
    pool: new AwsClientPool(settings.aws, env),
    logger: NULL_LOGGER,
    signal: opts.signal,
    outline: opts.outline ?? emptyOutline(),
    env,
    streamed: [],
    prompts: [],
    confirms: [],
    stream: (item) => ctx.streamed.push(item),
    confirm: async (req) => {
      ctx.confirms.push(req);
      return opts.confirm ?? false;
    },
    prompt: async (req) => {
      ctx.prompts.push(req);
      return opts.answer?.(req);
    },
    clock: { now: () => Date.now() },
  };
  return ctx;
}
