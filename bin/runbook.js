#!/usr/bin/env node
'use strict';
// The `runbook` command: a thin shim over the one bundled CLI (out/cli.js, built by `npm ci` through `prepare`),
// loaded through a V8 code cache so a cold start does not compile the whole bundle again (docs/performance.md).
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const Module = require('node:module');
const vm = require('node:vm');
// The SDK's notice that Node 20 support is ending is noise on a runbook's output; AWS_SDK_JS_... set by the user wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const bundle = path.join(__dirname, '..', 'out', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('runbook: out/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}

/** The per-user cache folder (RUNBOOK_COMPILE_CACHE=off turns the cache off). */
function cacheDir() {
  const set = process.env.RUNBOOK_COMPILE_CACHE;
  if (set === 'off' || set === '0') {
    return undefined;
  }
  return set || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'runbook-notebook');
}

/** Node 22+: the built-in compile cache. Node 20: the bundle compiled through vm.Script with cached data. */
function loadCli() {
  const dir = cacheDir();
  if (!dir) {
    return { cli: require(bundle), save() {} };
  }
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(dir);
    return { cli: require(bundle), save() {} };
  }
  const st = fs.statSync(bundle);
  const file = path.join(dir, `cli-${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}.v8cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  const mod = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  const save = () => {
    if (cachedData && !script.cachedDataRejected) {
      return;
    }
    try {
      // After the run, so the functions it compiled are in the cache too. Written whole, then renamed into place.
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs the next start its compile time.
    }
  };
  return { cli: mod.exports, save };
}

const { cli, save } = loadCli();
cli.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; save(); },
  (err) => { process.stderr.write(`runbook: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 2; },
);
