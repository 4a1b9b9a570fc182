import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactText } from '../../src/core/incident/redact';
import { escapeUntrusted, quoteUntrusted, UNTRUSTED_MAX } from '../../src/core/untrustedText';
import { fake } from '../support/secretShapes';

/** A raw character a terminal or a log line would act on: C0, DEL, C1, bidi and other format characters, U+2028/9. */
const RAW_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const HOSTILE = [
  '\u001b[2J\u001b[H',          // clear the screen, cursor home
  '\u001b]0;owned\u0007',       // OSC: set the window title
  '\u009b31m',                  // C1 CSI
  '\u0085',                     // C1 NEL
  'ok\rrefused',                // CR: overwrite the start of the line
  'a\nb\r\nc\u2028d\u2029e',    // line breaks of every kind
  '\u202eevil\u202c',           // RLO ... PDF
  '\u2066x\u2069\u2067y\u2068z', // isolates
  '\u200e\u200f\u061c',         // LRM, RLM, ALM
  '\u200b\ufeff',               // zero-width space, BOM
  '\u{e0041}',                  // a tag character (astral)
  '\ud800',                     // a lone surrogate
  '\u007f\u0000\u0008',         // DEL, NUL, BS
];

describe('untrusted text on a terminal line (src/core/untrustedText.ts)', () => {
  it('escapes every control, bidi and format character visibly', () => {
    assert.equal(escapeUntrusted('\u001b[31mred'), '\\u001b[31mred');
    assert.equal(escapeUntrusted('\u009b2J'), '\\u009b2J');
    assert.equal(escapeUntrusted('a\r\nb\tc'), 'a\\r\\nb\\tc');
    assert.equal(escapeUntrusted('\u202eabc\u2069'), '\\u202eabc\\u2069');
    assert.equal(escapeUntrusted('\u2028'), '\\u2028');
    assert.equal(escapeUntrusted('\u{e0041}'), '\\udb40\\udc41', 'an astral format character as its two UTF-16 escapes');
    for (const h of HOSTILE) {
      assert.doesNotMatch(escapeUntrusted(h), RAW_CONTROL, JSON.stringify(h));
      assert.doesNotMatch(quoteUntrusted(h), RAW_CONTROL, JSON.stringify(h));
    }
  });

  it('leaves ordinary text alone, accents, emoji and other scripts included', () => {
    for (const s of ['Phase 1: Fail over (cell 3)', 'Übergang – café', '東京 リージョン', '🚀 go', 'a\\b "c"']) {
      assert.equal(escapeUntrusted(s), s);
    }
  });

  it('keeps line feeds as line breaks only when asked (a block of lines), and escapes the rest', () => {
    assert.equal(escapeUntrusted('{\n  "a": "\u001b[2J"\n}', { lines: true }), '{\n  "a": "\\u001b[2J"\n}');
    assert.equal(escapeUntrusted('a\r\nb', { lines: true }), 'a\\r\nb');
  });

  it('cuts long values at 80 characters with an ellipsis, never inside a surrogate pair', () => {
    const long = 'x'.repeat(200);
    assert.equal(escapeUntrusted(long), `${'x'.repeat(UNTRUSTED_MAX - 1)}…`);
    assert.equal(Array.from(escapeUntrusted('😀'.repeat(100))).length, UNTRUSTED_MAX);
    assert.equal(escapeUntrusted('😀'.repeat(100)), `${'😀'.repeat(79)}…`);
    assert.equal(escapeUntrusted('x'.repeat(80)), 'x'.repeat(80), 'exactly 80 is not cut');
    assert.equal(escapeUntrusted('abcdef', { max: 4 }), 'abc…');
    assert.equal(escapeUntrusted(long, { max: Infinity }), long);
    // The cut comes first: an escape is never cut in half.
    assert.equal(escapeUntrusted(`${'x'.repeat(78)}\u001b[2J`), `${'x'.repeat(78)}\\u001b…`);
  });

  it('quotes as a JSON string literal: where it ends is plain, and uncut it gives the value back', () => {
    assert.equal(quoteUntrusted('Phase 1'), '"Phase 1"');
    assert.equal(quoteUntrusted('a" is fine "b'), '"a\\" is fine \\"b"', 'a quote in the value cannot end the quotation');
    assert.equal(quoteUntrusted('x'.repeat(100)), `"${'x'.repeat(79)}…"`);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      fc.pre(redactText(s) === s);
      const q = quoteUntrusted(s, Infinity);
      assert.doesNotMatch(q, RAW_CONTROL);
      assert.equal(JSON.parse(q), s);
    }), { numRuns: 500 });
  });

  it('redacts secrets before it escapes and cuts: an escape glued to a key or a cut key would hide it from the redactor', () => {
    const key = `${fake(18, 3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}Aa9${fake(19, 4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`;
    const akid = `AKIA${fake(16, 1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    const tabbed = `CREDENTIALS\t${akid}\t2026-12-03T10:00:00+00:00\t${key}\tshort`;
    assert.ok(redactText(tabbed) !== tabbed, 'the redactor knows this shape');
    for (const shown of [escapeUntrusted(tabbed, { max: Infinity }), quoteUntrusted(tabbed, Infinity), escapeUntrusted(tabbed), escapeUntrusted(`password: ${key}`, { max: 30 })]) {
      assert.ok(!shown.includes(key.slice(0, 12)) && !shown.includes(akid.slice(0, 12)), `no secret, not even a cut one: ${shown}`);
    }
    assert.match(escapeUntrusted(tabbed, { max: Infinity }), /^CREDENTIALS\\t\[REDACTED\]\\t.*\\t\[REDACTED\]\\tshort$/);
  });

  it('never lets a raw control character through, whatever the input and the options', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
      const e = escapeUntrusted(s, { max });
      assert.doesNotMatch(e, RAW_CONTROL);
      assert.ok(Array.from(s).length > max || e === escapeUntrusted(s, { max: Infinity }));
      assert.doesNotMatch(escapeUntrusted(s, { max, lines: true }).replace(/\n/g, ''), RAW_CONTROL);
    }), { numRuns: 500 });
  });
});
