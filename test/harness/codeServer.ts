/**
 * Starts a real VS Code (code-server, installed by ./install.ts) on a free 127.0.0.1 port with
 * throwaway XDG_*, TMPDIR, user-data and extensions folders, and stops it with everything it started.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunbookError } from '../../src/core/errors';
import { codeServerEntry } from './paths';
import { freePort } from '../support/moto';
import { makeTempDir, removeTempDir, stopGroup, trackGroup, waitForHttp } from './processes';

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  /** User settings written to the user-data folder's settings.json. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for its extension host (AWS_*, RUNBOOK_TEST_*). */
  env?: NodeJS.ProcessEnv;
  /** Install this .vsix into the throwaway extensions folder before starting. */
  vsix?: string;
  /** false: leave workspace trust on, so the folder opens in restricted mode. Default true. */
  trusted?: boolean;
}

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  /** The throwaway root (user data, extensions, XDG, TMPDIR, server log). */
  root: string;
  /** `/?folder=WORKSPACE` plus extra query parameters. */
  workbenchUrl(query?: Record<string, string>): string;
  /** The `remoteAuthority` of the workbench, for vscode-remote:// URIs. */
  authority(): Promise<string>;
  /** The server log and every extension host log (and output channel) written so far. */
  logs(): string;
  stop(): Promise<void>;
}

type Reason = 'notInstalled' | 'vsixInstallFailed' | 'startFailed';

const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'files.autoSave': 'off',
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

function makeDirs(root: string): Record<'config' | 'data' | 'cache' | 'tmp' | 'ud' | 'exts', string> {
  const dirs = {
    config: path.join(root, 'xdg-config'),
    data: path.join(root, 'xdg-data'),
    cache: path.join(root, 'xdg-cache'),
    tmp: path.join(root, 'tmp'),
    ud: path.join(root, 'user-data'),
    exts: path.join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) {
    fs.mkdirSync(d, { recursive: true });
  }
  return dirs;
}

function collectLogs(dir: string, filter: (p: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith('.log') && filter(full)) {
      out.push(`----- ${path.relative(dir, full)} -----\n${fs.readFileSync(full, 'utf8')}`);
    }
  }
  return out;
}

function installVsix(entry: string, vsix: string, common: string[], env: NodeJS.ProcessEnv): void {
  try {
    execFileSync(process.execPath, [entry, ...common, '--install-extension', vsix], { env, stdio: 'pipe', timeout: 60_000 });
  } catch (e) {
    throw new RunbookError<Reason>('vsixInstallFailed', `installing ${vsix} failed: ${String(e)}`);
  }
}

/** Throwaway folders, user settings and config.yaml; returns the environment code-server runs with. */
function prepare(root: string, port: number, opts: CodeServerOptions): { dirs: ReturnType<typeof makeDirs>; env: NodeJS.ProcessEnv } {
  const dirs = makeDirs(root);
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache, TMPDIR: dirs.tmp, ...opts.env };
  delete env.VSCODE_IPC_HOOK_CLI;
  fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.ud, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...opts.settings }, null, 2));
  fs.writeFileSync(path.join(root, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return { dirs, env };
}

/** Starts code-server; throws a RunbookError<'notInstalled'|'vsixInstallFailed'|'startFailed'> when it cannot. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  if (!fs.existsSync(entry)) {
    throw new RunbookError<Reason>('notInstalled', `code-server is not installed at ${entry}: run npx tsx test/harness/install.ts`);
  }
  const root = makeTempDir('runbook-vscode-');
  const port = await freePort();
  const { dirs, env } = prepare(root, port, opts);
  const common = ['--user-data-dir', dirs.ud, '--extensions-dir', dirs.exts];
  if (opts.vsix) {
    installVsix(entry, opts.vsix, common, env);
  }
  const args = [entry, '--config', path.join(root, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common];
  args.push('--disable-telemetry', '--disable-update-check', '--disable-getting-started-override');
  if (opts.trusted !== false) {
    args.push('--disable-workspace-trust');
  }
  const logFile = path.join(root, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', out, out], cwd: opts.workspace });
  fs.closeSync(out);
  trackGroup(child);
  const url = `http://127.0.0.1:${port}`;
  const server = makeHandle(child, { url, port, root, logFile, workspace: opts.workspace, ud: dirs.ud });
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () => child.exitCode === null);
  } catch (e) {
    const logs = server.logs();
    await server.stop();
    throw new RunbookError<Reason>('startFailed', `code-server did not come up: ${String(e)}\n${logs}`);
  }
  return server;
}

interface HandleInfo {
  url: string;
  port: number;
  root: string;
  logFile: string;
  workspace: string;
  ud: string;
}

function makeHandle(child: ChildProcess, info: HandleInfo): CodeServer {
  let stopped: Promise<void> | undefined;
  const workbenchUrl = (query: Record<string, string> = {}) => `${info.url}/?${new URLSearchParams({ folder: info.workspace, ...query })}`;
  return {
    url: info.url,
    port: info.port,
    workspace: info.workspace,
    root: info.root,
    workbenchUrl,
    async authority() {
      const html = await (await fetch(workbenchUrl())).text();
      const m = /remoteAuthority(?:&quot;|")\s*:\s*(?:&quot;|")([^&"]+)/.exec(html);
      return m ? m[1] : `127.0.0.1:${info.port}`;
    },
    logs() {
      const server = fs.existsSync(info.logFile) ? fs.readFileSync(info.logFile, 'utf8') : '';
      const exthost = collectLogs(path.join(info.ud, 'logs'), (p) => /exthost|remoteagent|Runbooks/i.test(p));
      return [`----- code-server.log -----\n${server}`, ...exthost].join('\n');
    },
    stop() {
      stopped ??= (async () => {
        await stopGroup(child);
        removeTempDir(info.root);
      })();
      return stopped;
    },
  };
}
