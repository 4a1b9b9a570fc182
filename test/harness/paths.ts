import * as os from 'node:os';
import * as path from 'node:path';

/** Where the real-VS-Code harness keeps what it installs and what it measures. */
export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = '/usr/bin/chromium';
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const SCREENSHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');
export const VSIX = path.join(REPO_ROOT, 'runbook-notebook.vsix');
export const SEED_RUNBOOK = path.join(REPO_ROOT, 'runbooks', 'dr-runbook.md');

/** The cache root, outside the repository's node_modules and outside the .vsix. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBOOK_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'runbook-notebook');
}

export function codeServerDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(codeServerDir(env), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}
