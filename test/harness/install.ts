/**
 * Idempotent installer for the real-VS-Code tests on a fresh Debian machine:
 * apt packages (chromium and what code-server's native addons need), then code-server into a cache
 * folder outside the repository. Run with `npx tsx test/harness/install.ts`; a second run is a fast no-op.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHROMIUM, CODE_SERVER_VERSION, codeServerDir, codeServerEntry } from './paths';

export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'build-essential', 'pkg-config'] as const;
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const MARKER = '.runbook-installed';

export class InstallError extends Error {
  constructor(
    readonly reason: 'aptFailed' | 'npmFailed' | 'missingAfterInstall',
    message: string,
  ) {
    super(message);
    this.name = 'InstallError';
  }
  static is(e: unknown, reason?: InstallError['reason']): e is InstallError {
    return e instanceof InstallError && (reason === undefined || e.reason === reason);
  }
}

export interface InstallResult {
  codeServerEntry: string;
  chromium: string;
  aptInstalled: string[];
  codeServerInstalled: boolean;
  seconds: number;
}

function isInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function asRoot(cmd: string[]): string[] {
  if (process.getuid?.() === 0) {
    return cmd;
  }
  return ['sudo', '-n', ...cmd];
}

function run(cmd: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): void {
  execFileSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env, cwd });
}

/** Installs the apt packages that are missing; `apt-get update` only runs when something is missing. */
export function ensureAptPackages(): string[] {
  const missing = APT_PACKAGES.filter((p) => !isInstalled(p));
  if (missing.length === 0) {
    return [];
  }
  console.log(`[install] apt packages missing: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run(asRoot(['apt-get', 'update', '-q']), env);
    run(asRoot(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]), env);
  } catch (e) {
    throw new InstallError('aptFailed', `apt-get install ${missing.join(' ')} failed: ${String(e)}`);
  }
  return missing;
}

/** @vscode/ripgrep downloads from GitHub unless its cache already holds the tarball: make it from Debian's rg. */
function fillRipgrepCache(tmp: string): void {
  const dir = path.join(tmp, RIPGREP_CACHE);
  fs.mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, RIPGREP_TARBALL);
  if (!fs.existsSync(tarball)) {
    run(['tar', 'czf', tarball, '-C', '/usr/bin', 'rg']);
  }
}

function codeServerReady(): boolean {
  const marker = path.join(codeServerDir(), MARKER);
  return fs.existsSync(codeServerEntry()) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION;
}

/**
 * The prefix whose include/node/node.h belongs to the running Node (/usr for Debian's or NodeSource's, the
 * unpacked folder for an official tarball), so node-gyp builds against it instead of downloading headers.
 */
export function nodeHeadersDir(execPath = process.execPath): string | undefined {
  const prefix = path.resolve(fs.realpathSync(execPath), '..', '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/** npm-installs code-server into its own cache folder with the four offline tricks of docs/testing.md. */
export function ensureCodeServer(): boolean {
  if (codeServerReady()) {
    return false;
  }
  const dir = codeServerDir();
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'runbook-code-server', private: true }, null, 2));
  fillRipgrepCache(tmp);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_nodedir: nodeHeadersDir() ?? process.env.npm_config_nodedir,
  };
  console.log(`[install] installing code-server@${CODE_SERVER_VERSION} into ${dir}`);
  try {
    run(['npm', 'install', `code-server@${CODE_SERVER_VERSION}`, '--foreground-scripts', '--no-audit', '--no-fund', '--no-save'], env, dir);
  } catch (e) {
    throw new InstallError('npmFailed', `npm install code-server@${CODE_SERVER_VERSION} failed: ${String(e)}`);
  }
  if (!fs.existsSync(codeServerEntry())) {
    throw new InstallError('missingAfterInstall', `code-server entry not found at ${codeServerEntry()}`);
  }
  fs.writeFileSync(path.join(dir, MARKER), CODE_SERVER_VERSION);
  return true;
}

/** Everything the real-VS-Code tests need; fast when all of it is already there. */
export function ensureInstalled(): InstallResult {
  const t0 = Date.now();
  const aptInstalled = ensureAptPackages();
  if (!fs.existsSync(CHROMIUM)) {
    throw new InstallError('missingAfterInstall', `${CHROMIUM} is missing after installing chromium`);
  }
  const codeServerInstalled = ensureCodeServer();
  return { codeServerEntry: codeServerEntry(), chromium: CHROMIUM, aptInstalled, codeServerInstalled, seconds: (Date.now() - t0) / 1000 };
}

if (require.main === module) {
  try {
    const r = ensureInstalled();
    const what = r.aptInstalled.length || r.codeServerInstalled ? 'installed' : 'already present';
    console.log(`[install] ${what}: code-server ${CODE_SERVER_VERSION} at ${r.codeServerEntry}, chromium at ${r.chromium} (${r.seconds.toFixed(1)} s)`);
  } catch (e) {
    console.error(`[install] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
