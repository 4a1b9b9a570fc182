/** The offline code-server install builds native addons against the running Node's own headers. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeHeadersDir } from '../../harness/install';

describe('harness install: node headers for node-gyp', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-nodedir-'));
    fs.mkdirSync(path.join(root, 'bin'));
    fs.writeFileSync(path.join(root, 'bin', 'node'), '');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is the prefix of the Node binary when it holds include/node/node.h (an official tarball, Debian)', () => {
    fs.mkdirSync(path.join(root, 'include', 'node'), { recursive: true });
    fs.writeFileSync(path.join(root, 'include', 'node', 'node.h'), '');
    assert.equal(nodeHeadersDir(path.join(root, 'bin', 'node')), root);
  });

  it('follows a symlinked node to its real prefix', () => {
    fs.mkdirSync(path.join(root, 'include', 'node'), { recursive: true });
    fs.writeFileSync(path.join(root, 'include', 'node', 'node.h'), '');
    const link = path.join(root, 'elsewhere');
    fs.mkdirSync(link);
    fs.symlinkSync(path.join(root, 'bin', 'node'), path.join(link, 'node'));
    assert.equal(nodeHeadersDir(path.join(link, 'node')), root);
  });

  it('is undefined when that prefix has no headers (npm_config_nodedir from the environment is kept)', () => {
    assert.equal(nodeHeadersDir(path.join(root, 'bin', 'node')), undefined);
  });
});
