import * as assert from 'node:assert/strict';
import { toMarkdown } from '../../../src/core/kernel/markdownTable';

describe('kernel markdown table', () => {
  it('renders a list of records as one table, one level of nesting flattened', () => {
    const md = toMarkdown({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } },
        { Target: { Id: 'i-2', Port: 80 }, TargetHealth: { State: 'unused', Reason: 'Target.InvalidState' } },
      ],
    });
    assert.match(md, /\*\*TargetHealthDescriptions\*\*/);
    assert.match(md, /\| Target\.Id \| Target\.Port \| TargetHealth\.State \| TargetHealth\.Reason \|/);
    assert.match(md, /\| i-2 \| 80 \| unused \| Target\.InvalidState \|/);
  });

  it('renders scalars as key/value and nested objects as their own sections', () => {
    const md = toMarkdown({ Table: { TableName: 'bbws-tenants', TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } });
    assert.match(md, /\*\*Table\*\*\n\n\| key \| value \|/);
    assert.match(md, /\| TableStatus \| ACTIVE \|/);
    assert.match(md, /\*\*Table\.KeySchema\*\*\n\n\| AttributeName \| KeyType \|\n\| --- \| --- \|\n\| id \| HASH \|/);
  });

  it('escapes pipes and newlines, and handles empty and scalar results', () => {
    assert.match(toMarkdown([{ a: 'x|y\nz' }]), /\| x\\\|y z \|/);
    assert.equal(toMarkdown([]), '_(none)_');
    assert.equal(toMarkdown('abc'), '`abc`');
    assert.equal(toMarkdown(null), '_(no output)_');
  });

  it('escapes a cell as the incident record does (one cellText): backticks, brackets, long values', () => {
    const md = toMarkdown([{ a: 'x`y <b>', long: 'z'.repeat(200) }]);
    assert.match(md, /\| x\\`y &lt;b&gt; \| z{119}… \|/);
  });

  it('shows a scalar as inline code that its own backticks cannot close', () => {
    assert.equal(toMarkdown('a`b|c'), '``a`b|c``');
  });
});
