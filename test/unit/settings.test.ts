import * as assert from 'node:assert/strict';
import { DEFAULTS, normalizeSettings } from '../../src/core/settings';

describe('normalizeSettings', () => {
  it('gives the defaults for nothing', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULTS);
  });

  it('falls back per key on bad values and keeps good ones', () => {
    const s = normalizeSettings({
      aws: { connectTimeoutMs: -1, requestTimeoutMs: 1000, regionEndpoints: { 'af-south-1': 'http://127.0.0.1:1', bad: {} } },
      shell: '',
      secretVariables: ['DB_PASSWORD', 3],
    });
    assert.equal(s.aws.connectTimeoutMs, DEFAULTS.aws.connectTimeoutMs);
    assert.equal(s.aws.requestTimeoutMs, 1000);
    assert.deepEqual(s.aws.regionEndpoints, { 'af-south-1': 'http://127.0.0.1:1' });
    assert.equal(s.shell, 'bash');
    assert.deepEqual(s.secretVariables, ['DB_PASSWORD']);
  });
});
