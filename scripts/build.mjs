// Bundles the extension host code, the `runbook` CLI and the notebook renderer with esbuild.
import * as fs from 'node:fs';
import * as acorn from 'acorn';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'out/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // The CLI is minified in every build: a cold `runbook run` reads and deserializes less (~14 ms CPU of ~285 here,
  // docs/performance.md). It prints messages, never stack traces; the source map is there for debugging.
  { ...common, minify: true, entryPoints: ['src/cli/main.ts'], outfile: 'out/cli.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/renderer/checklist.ts'], outfile: 'out/renderer/checklist.js', platform: 'browser', format: 'esm', target: 'es2022' },
  { ...common, entryPoints: ['src/renderer/awsText.ts'], outfile: 'out/renderer/awsText.js', platform: 'browser', format: 'esm', target: 'es2022' },
];

if (production) {
  fs.rmSync('out', { recursive: true, force: true });
}

/**
 * Makes the CLI bundle ASCII: bin/runbook.js's UTF-8 read then takes the ASCII fast path into a one-byte string,
 * ~8 ms less CPU on a cold start than with one non-ASCII character in it, which makes the whole text two-byte
 * (docs/performance.md). esbuild already escapes strings and templates; what it leaves sits in regex literals and
 * comments, where `\uXXXX` means the same. Any other place (a tagged template's raw text, a character after a
 * backslash) is left alone with a warning: the bundle then works as before, only slower to load.
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) {
    return;
  }
  // Where an escape means the same character: regex literals, strings and comments, found by acorn's tokenizer.
  const safe = [];
  const onComment = (_block, _text, start, end) => safe.push([start, end]);
  const options = { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true, onComment };
  for (const token of acorn.tokenizer(text, options)) {
    if (token.type === acorn.tokTypes.regexp || token.type === acorn.tokTypes.string) {
      safe.push([token.start, token.end]);
    }
  }
  safe.sort((a, b) => a[0] - b[0]);
  const inSafe = (at) => {
    let lo = 0;
    let hi = safe.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (safe[mid][1] <= at) {
        lo = mid + 1;
      } else if (safe[mid][0] > at) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  };
  const unsafe = [];
  const out = text.replace(/[^\x00-\x7f]/g, (c, at) => {
    const backslashes = text.slice(Math.max(0, at - 16), at).match(/\\*$/)[0].length;
    if (!inSafe(at) || backslashes % 2 === 1) {
      unsafe.push(at);
      return c;
    }
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (unsafe.length) {
    console.warn(`build: ${file} stays UTF-8, so it loads slower: non-ASCII where an escape could change the meaning, at offsets ${unsafe.slice(0, 5).join(', ')}`);
    return;
  }
  fs.writeFileSync(file, out);
}

const CLI = 'out/cli.js';

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b.outfile === CLI ? { ...b, plugins: [{ name: 'ascii', setup: (build) => build.onEnd(() => asciiOnly(CLI)) }] } : b);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  asciiOnly(CLI);
}
