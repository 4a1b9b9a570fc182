/**
 * `bash -n`: does the cell parse as bash? One child process per cell, bounded by a timeout; a machine without
 * bash (or a bash that does not answer in time) gives no answer rather than a finding.
 */
import { spawn } from 'node:child_process';

export interface SyntaxError {
  /** 0-based line in the text. */
  line: number;
  message: string;
}

/** `<NAME>` placeholders are words, not redirections, once the kernel has filled them: same length, so lines stay put. */
export function withPlaceholdersAsWords(text: string): string {
  return text.replace(/<([A-Za-z_][A-Za-z0-9_]*)>/g, (_m, name: string) => `_${name}_`);
}

export function bashSyntax(text: string, timeoutMs = 3000, bash = 'bash'): Promise<SyntaxError | undefined> {
  return new Promise((resolve) => {
    let stderr = '';
    let done = false;
    const finish = (v: SyntaxError | undefined): void => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(v);
      }
    };
    const child = spawn(bash, ['-n'], { stdio: ['pipe', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(undefined);
    }, timeoutMs);
    child.on('error', () => finish(undefined));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin.on('error', () => {});
    child.on('close', (code) => finish(code === 0 || code === null ? undefined : parseBashError(stderr)));
    child.stdin.end(withPlaceholdersAsWords(text));
  });
}

/** `bash: line 3: syntax error near unexpected token `fi'` -> line 2 (0-based) and the message. */
export function parseBashError(stderr: string): SyntaxError {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const first = lines.find((l) => /line \d+:/.test(l)) ?? lines[0] ?? 'bash -n failed';
  const m = /line (\d+): (.*)$/.exec(first);
  return { line: m ? Math.max(0, Number(m[1]) - 1) : 0, message: (m ? m[2] : first.replace(/^bash: /, '')).trim() };
}
