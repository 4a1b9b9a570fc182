/**
 * The keyword filter of redaction (docs/performance.md, "Cold start"): a pattern runs only on a text holding one of
 * its keywords, a secret value only on a text holding it. Redaction must find exactly what running every pattern on
 * every text finds: here against the reference (redactTextEveryPattern), on the secret-shape corpus and on texts
 * built from strings each pattern matches.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactText, redactTextEveryPattern } from '../../../src/core/incident/redact';
import { KEYED_PATTERNS, PEM_KEYWORD } from '../../../src/core/incident/secretPatterns';
import { SECRET_SHAPES } from '../../support/secretShapes';

/** Skips a group `(`...`)` or class `[`...`]` starting at `i`; returns the index after it. */
function skipGroup(src: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') {
      j++;
    } else if (inClass) {
      inClass = c !== ']';
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return j + 1;
    }
  }
  throw new Error(`unbalanced group in ${src}`);
}

/** The body of the named group `name` in `src` (for a backreference to it). */
function namedGroupBody(src: string, name: string): string {
  const open = `(?<${name}>`;
  const at = src.indexOf(open);
  if (at < 0) {
    throw new Error(`no group ${name} in ${src}`);
  }
  return src.slice(at + open.length, skipGroup(src, at) - 1);
}

/**
 * The regex without its lookarounds and `\b`, and with each backreference `\k<name>` read as a copy of its group
 * (fast-check cannot generate from these): it matches more strings than the pattern, and the strings the pattern
 * also matches are the samples.
 */
function generable(re: RegExp): RegExp {
  let out = '';
  for (let i = 0; i < re.source.length; ) {
    const rest = re.source.slice(i);
    if (/^\(\?<?[=!]/.test(rest)) {
      i = skipGroup(re.source, i);
    } else if (rest.startsWith('\\b')) {
      i += 2;
    } else if (/^\\k<\w+>/.test(rest)) {
      const ref = /^\\k<(\w+)>/.exec(rest) as RegExpExecArray;
      out += `(?:${generable(new RegExp(namedGroupBody(re.source, ref[1]))).source})`;
      i += ref[0].length;
    } else if (rest[0] === '\\') {
      out += rest.slice(0, 2);
      i += 2;
    } else if (rest[0] === '[') {
      // a class: copied whole (a `(` inside it is not a group)
      let j = i + 1;
      while (re.source[j] !== ']') {
        j += re.source[j] === '\\' ? 2 : 1;
      }
      out += re.source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += rest[0];
      i++;
    }
  }
  return new RegExp(out);
}

/** Flips the case of the letters chosen by `mask` (a case-insensitive pattern matches those too). */
function flipCase(s: string, mask: readonly boolean[]): string {
  return [...s].map((c, i) => (mask[i % Math.max(1, mask.length)] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

/** Strings each pattern matches, for the property below (a few per pattern, found from its generable form). */
function matchesOf(re: RegExp, count: number): string[] {
  const probe = new RegExp(re.source, re.flags.replace(/[gd]/g, ''));
  const samples = fc.sample(fc.tuple(fc.stringMatching(generable(re)), fc.array(fc.boolean(), { maxLength: 8 })), { numRuns: 400, seed: 12 });
  const out: string[] = [];
  for (const [s, mask] of samples) {
    const text = re.flags.includes('i') ? flipCase(s, mask) : s;
    if (out.length < count && probe.test(text)) {
      out.push(text);
    }
  }
  return out;
}

const MATCHES = KEYED_PATTERNS.map((p) => ({ p, texts: matchesOf(p.re, 6) }));

describe('redaction keywords', () => {
  it('every pattern has keywords, each lower case and not empty', () => {
    for (const { re, keywords } of [...KEYED_PATTERNS, { re: /PEM/, keywords: [PEM_KEYWORD] }]) {
      assert.ok(keywords.length > 0, re.source);
      for (const k of keywords) {
        assert.ok(k.length > 0 && k === k.toLowerCase(), `${re.source}: ${k}`);
      }
    }
  });

  it('strings generated from each pattern hold one of its keywords whenever the pattern matches them', () => {
    const withSamples = MATCHES.filter((m) => m.texts.length > 0);
    // all but one here (the secret key before its access key id: a lookahead that random strings rarely meet); the corpus covers it
    assert.ok(withSamples.length >= KEYED_PATTERNS.length - 2, `${withSamples.length} of ${KEYED_PATTERNS.length} patterns generated`);
    for (const { p, texts } of withSamples) {
      for (const t of texts) {
        assert.ok(p.keywords.some((k) => t.toLowerCase().includes(k)), `${p.re.source} matches ${JSON.stringify(t)} without a keyword`);
      }
    }
  });

  it('each secret shape of the corpus holds a keyword of every pattern that matches it', () => {
    for (const s of SECRET_SHAPES) {
      for (const p of KEYED_PATTERNS) {
        p.re.lastIndex = 0;
        const hit = p.re.test(s.text);
        p.re.lastIndex = 0;
        if (hit) {
          assert.ok(p.keywords.some((k) => s.text.toLowerCase().includes(k)), `${s.name}: ${p.re.source}`);
        }
      }
    }
  });

  it('finds what every pattern finds, on each secret shape as it is, in upper and in lower case', () => {
    for (const s of SECRET_SHAPES) {
      for (const text of [s.text, s.text.toUpperCase(), s.text.toLowerCase()]) {
        assert.equal(redactText(text), redactTextEveryPattern(text), s.name);
        assert.equal(redactText(text, { secrets: [s.secret] }), redactTextEveryPattern(text, { secrets: [s.secret] }), s.name);
      }
    }
  });

  it('finds what every pattern finds, on any text built from secrets, matches and noise, with any secret values (fast-check)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...SECRET_SHAPES.map((s) => s.text)),
      fc.constantFrom(...MATCHES.flatMap((m) => m.texts)),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('KeySchema', '"NextToken": null', 'arn:aws:secretsmanager:x', 'Signature=', '://', 'Bearer ', '-----BEGIN RSA PRIVATE KEY-----', '\n'),
    );
    const doc = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.constantFrom('', ' ', '\n', '"'), fc.array(fc.boolean(), { maxLength: 12 }));
    fc.assert(
      fc.property(doc, fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }), ([pieces, sep, mask], extra) => {
        const text = flipCase(pieces.join(sep), mask);
        // secret values: some that occur in the text (cut from it), some that may not
        const secrets = [...extra, text.slice(0, 6), text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 9)];
        return redactText(text) === redactTextEveryPattern(text) && redactText(text, { secrets }) === redactTextEveryPattern(text, { secrets });
      }),
      { numRuns: 400 },
    );
  });
});
