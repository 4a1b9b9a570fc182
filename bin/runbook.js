#!/usr/bin/env node
'use strict';
// The `runbook` command: a thin shim over the bundled CLI (built by `npm ci` through `prepare`).
const path = require('node:path');
const fs = require('node:fs');
// The SDK's notice that Node 20 support is ending is noise on a runbook's output; AWS_SDK_JS_... set by the user wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const bundle = path.join(__dirname, '..', 'out', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('runbook: out/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(bundle).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`runbook: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 2; },
);
