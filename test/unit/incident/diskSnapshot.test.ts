import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { changedOnDisk, snapshotFile } from '../../../src/core/incident/diskSnapshot';

describe('disk snapshot (save conflict check)', () => {
  it('sees edits, same-size replacements and deletion, not a rewrite of the same bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snap-'));
    const file = path.join(dir, 'r.md');
    fs.writeFileSync(file, '# A\n');
    const snap = snapshotFile(file);
    fs.writeFileSync(file, '# A\n');
    assert.equal(changedOnDisk(file, snap), false);
    fs.writeFileSync(file, '# B\n');
    assert.equal(changedOnDisk(file, snap), true);
    fs.rmSync(file);
    assert.equal(changedOnDisk(file, snap), true);
    assert.equal(changedOnDisk(file, undefined), false);
    fs.rmSync(dir, { recursive: true });
  });
});
