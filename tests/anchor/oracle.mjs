// oracle.mjs -- the differential test of claimtrack's re-anchoring
// (src/domain/anchor.c) against Hypothesis's: every case of the anchoring corpus
// (tests/anchor/corpus.json) is anchored again with Hypothesis's matchQuote
// and its span is compared with the one the case expects from claimtrack.
//
// Why: the corpus says what claimtrack must answer, but not whether that
// answer is sensible. Hypothesis, a widely used annotation client, anchors
// the same W3C TextQuoteSelector (exact + prefix + suffix + a position
// hint) with an independent implementation, so where the two disagree
// either claimtrack is wrong or it deliberately chooses otherwise. Every such case must say why in its
// "oracle": {"differs": "..."}, and a reason that no longer applies fails
// too, so a change on either side can never go unnoticed.
//
// What it owns: matchQuote below, a faithful port of Hypothesis's
// src/annotator/anchoring/match-quote.ts, which is not published on npm.
// It stands on the same approx-string-match (Myers' bit-parallel
// approximate search) that the Hypothesis client depends on, pinned in
// package.json. Hypothesis counts UTF-16 code units; the corpus counts
// code points, so the position hint is converted to UTF-16 for the call
// and the result back to code points.
//
//   node oracle.mjs [CORPUS] [--suggest] [--write-report FILE]
//
//   CORPUS               default: corpus.json beside this file
//   --suggest            print a drafted "oracle": {"differs": "..."} for
//                        every case that disagrees, to check and paste in
//   --write-report FILE  write every case's oracle result as JSON
//
// The exit status is non-zero when a case disagrees without a reason, a
// case gives a reason but agrees, a case is malformed, or the corpus is
// missing, unparsable or has fewer than MIN_CASES cases. The last line is
// "oracle: N passed, M failed": passed are the cases that agree, or differ
// for their stated reason; failed the others, plus one for a corpus that
// cannot be used or is too small (so the line and the exit status agree).
// Run by scripts/anchor-oracle.sh.
import approxSearch from 'approx-string-match';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const MIN_CASES = 150;
const METHODS = ['exact', 'position', 'context', 'approximate', 'orphaned'];
// The methods where claimtrack had to choose among candidates or guess,
// which is where a second opinion matters most.
const APPROXIMATE_METHODS = ['approximate', 'context'];

// ---- Hypothesis's matchQuote (match-quote.ts), in UTF-16 code units ------

// All exact occurrences of str in text, else the approximate matches with
// the fewest errors (at most maxErrors); approx-string-match does not look
// for exact matches first itself.
function search(text, str, maxErrors) {
  const exactMatches = [];
  let matchPos = 0;
  while (matchPos !== -1) {
    matchPos = text.indexOf(str, matchPos);
    if (matchPos !== -1) {
      exactMatches.push({ start: matchPos, end: matchPos + str.length, errors: 0 });
      matchPos += 1;
    }
  }
  if (exactMatches.length > 0) {
    return exactMatches;
  }
  return approxSearch(text, str, maxErrors);
}

// Similarity between 0 and 1 of str to the best-matching part of text;
// 0 when either is empty (then search would find nothing).
function textMatchScore(text, str) {
  if (str.length === 0 || text.length === 0) {
    return 0.0;
  }
  const matches = search(text, str, str.length);
  return 1 - matches[0].errors / str.length;
}

// The score of one candidate and its parts. match-quote.ts computes the
// same sum inline and keeps only the total; the parts go in the report.
function scoreMatch(text, quote, context, match) {
  const quoteWeight = 50; // similarity of the matched text to the quote
  const prefixWeight = 20; // of the text before it to context.prefix
  const suffixWeight = 20; // of the text after it to context.suffix
  const posWeight = 2; // proximity to the hint: a tie-breaker

  const quoteScore = 1 - match.errors / quote.length;
  const prefixScore = context.prefix
    ? textMatchScore(
        text.slice(Math.max(0, match.start - context.prefix.length), match.start),
        context.prefix,
      )
    : 1.0;
  const suffixScore = context.suffix
    ? textMatchScore(text.slice(match.end, match.end + context.suffix.length), context.suffix)
    : 1.0;
  let posScore = 1.0;
  if (typeof context.hint === 'number') {
    const offset = Math.abs(match.start - context.hint);
    posScore = 1.0 - offset / text.length;
  }
  const rawScore =
    quoteWeight * quoteScore +
    prefixWeight * prefixScore +
    suffixWeight * suffixScore +
    posWeight * posScore;
  const maxScore = quoteWeight + prefixWeight + suffixWeight + posWeight;
  return { score: rawScore / maxScore, quoteScore, prefixScore, suffixScore, posScore };
}

// The best match for quote in text given context {prefix, suffix, hint},
// or null. Allows up to half the quote's length in errors (256 at most),
// ranks the candidates by score and takes the first (Array.prototype.sort
// is stable, so on a tie the earliest candidate wins, as in the browser).
export function matchQuote(text, quote, context = {}) {
  if (quote.length === 0) {
    return null;
  }
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) {
    return null;
  }
  const scoredMatches = matches.map((m) => ({
    start: m.start,
    end: m.end,
    errors: m.errors,
    ...scoreMatch(text, quote, context, m),
  }));
  scoredMatches.sort((a, b) => b.score - a.score);
  return { ...scoredMatches[0], candidates: scoredMatches.length };
}

// ---- code points and UTF-16 code units --------------------------------------

// The UTF-16 offset of code point offset cp in text; past the end, each
// code point counts one unit (a stale hint may point past a shrunk text).
function cpToUtf16(text, cp) {
  let units = 0;
  let count = 0;
  for (const ch of text) {
    if (count === cp) {
      return units;
    }
    units += ch.length;
    count += 1;
  }
  return units + (cp - count);
}

// The code point offset of UTF-16 offset units in text: the number of code
// points that start before it. An offset inside a surrogate pair (an
// approximate match may split one) thus lands after that code point.
function utf16ToCp(text, units) {
  let count = 0;
  for (let i = 0; i < units && i < text.length; count += 1) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    i += pair ? 2 : 1;
  }
  return count;
}

// True when UTF-16 offset units falls between the halves of a surrogate pair.
function splitsPair(text, units) {
  return units > 0 && units < text.length &&
    (text.charCodeAt(units - 1) & 0xfc00) === 0xd800 &&
    (text.charCodeAt(units) & 0xfc00) === 0xdc00;
}

function cpLength(s) {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

// Levenshtein distance in UTF-16 units, as approx-string-match counts, so
// that claimtrack's span can be scored the way Hypothesis would score it.
function editDistance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1,
                         row[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

// ---- the corpus ------------------------------------------------------------

// Why c cannot be run, or null. Offsets must be whole code point indexes.
function malformed(c, seen) {
  const isIndex = (n) => Number.isInteger(n) && n >= 0;
  if (c === null || typeof c !== 'object') return 'not an object';
  if (typeof c.id !== 'string' || c.id === '') return 'no id';
  if (seen.has(c.id)) return `duplicate id ${c.id}`;
  if (typeof c.text !== 'string') return 'no text';
  if (typeof c.exact !== 'string' || c.exact === '') return 'no exact quote';
  for (const field of ['prefix', 'suffix']) {
    if (c[field] != null && typeof c[field] !== 'string') return `${field} is not a string`;
  }
  if (c.position != null && !isIndex(c.position.start)) {
    return 'position.start is not a code point offset';
  }
  const e = c.expect;
  if (!e || !METHODS.includes(e.method)) return `expect.method is not one of ${METHODS.join('|')}`;
  if (e.method !== 'orphaned' &&
      !(isIndex(e.start) && isIndex(e.end) && e.start <= e.end && e.end <= cpLength(c.text))) {
    return 'expect.start/end are not a span of the text';
  }
  const o = c.oracle;
  if (o !== undefined && o !== 'agrees' &&
      !(o && typeof o === 'object' && typeof o.differs === 'string' && o.differs.trim() !== '')) {
    return 'oracle is neither "agrees" nor {"differs": "a reason"}';
  }
  return null;
}

// Anchor case c with matchQuote; offsets of the result in code points.
function runOracle(c) {
  const text = c.text;
  const context = { prefix: c.prefix ?? '', suffix: c.suffix ?? '' };
  if (c.position && Number.isInteger(c.position.start)) {
    context.hint = cpToUtf16(text, c.position.start);
  }
  const m = matchQuote(text, c.exact, context);
  if (m === null) {
    return null;
  }
  return {
    start: utf16ToCp(text, m.start),
    end: utf16ToCp(text, m.end),
    score: m.score,
    errors: m.errors,
    parts: { quote: m.quoteScore, prefix: m.prefixScore, suffix: m.suffixScore, position: m.posScore },
    candidates: m.candidates,
    utf16: { start: m.start, end: m.end },
    splitsSurrogatePair: splitsPair(text, m.start) || splitsPair(text, m.end),
  };
}

// How Hypothesis would score claimtrack's expected span (null when orphaned).
function scoreExpected(c) {
  if (c.expect.method === 'orphaned') return null;
  const text = c.text;
  const start = cpToUtf16(text, c.expect.start);
  const end = cpToUtf16(text, c.expect.end);
  if ((end - start) * c.exact.length > 4e6) return null; // too long to be worth it
  const context = { prefix: c.prefix ?? '', suffix: c.suffix ?? '' };
  if (c.position && Number.isInteger(c.position.start)) {
    context.hint = cpToUtf16(text, c.position.start);
  }
  const errors = editDistance(text.slice(start, end), c.exact);
  return { errors, score: scoreMatch(text, c.exact, context, { start, end, errors }).score };
}

const span = (s, e) => `[${s},${e})`;
const fmt = (x) => x.toFixed(4);

function describeOracle(r) {
  if (r === null) return 'hypothesis: no match';
  return `hypothesis ${span(r.start, r.end)} score ${fmt(r.score)}, ${r.errors} error${r.errors === 1 ? '' : 's'}` +
    (r.splitsSurrogatePair ? ', splits a surrogate pair' : '');
}

function describeExpected(e) {
  return e.method === 'orphaned' ? 'claimtrack orphaned' : `claimtrack ${e.method} ${span(e.start, e.end)}`;
}

// Characters that claimtrack compares in a normalised form (src/base/textnorm.h)
// and Hypothesis as they are: white space other than a single plain space,
// format characters, combining marks, typographic quotes and dashes.
const NORMALISED =
  /[^\S ]| {2}|[\p{Cf}\p{M}\u2018-\u201F\u00AB\u00BB\u2039\u203A\u2010-\u2015\u2212]/u;
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

const digitRuns = (s) => (s.match(/\d+/g) ?? []).join(' ');

// A drafted reason for a disagreement: what each side chose and the facts
// that likely explain it, in the terms of claimtrack's rules (src/domain/anchor.h:
// at most floor(m / 5) errors, none under 5 code points; no candidate
// scoring under 0.75, or with changed numbers or contradicting context).
// Meant to be checked and reworded, not pasted blindly.
function suggestReason(c, r, expectedScore) {
  const n = cpLength(c.exact);
  const k = n < 5 ? 0 : Math.floor(n / 5);
  const errors = (x) => `${x} error${x === 1 ? '' : 's'}`;
  const e = c.expect;
  const facts = [];
  // Only the quote and the text of either side's span: line breaks and the
  // like in the surrounding context are everywhere and rarely decide.
  const inside = (start, end) => c.text.slice(cpToUtf16(c.text, start), cpToUtf16(c.text, end));
  const near = [c.exact];
  if (r !== null) near.push(inside(r.start, r.end));
  if (e.method !== 'orphaned') near.push(inside(e.start, e.end));
  if (near.some((x) => NORMALISED.test(x))) {
    facts.push('claimtrack compares a normalised form (NFC, spaces, quotes, dashes, format characters), ' +
      'Hypothesis the code units as they are');
  }
  if (ASTRAL.test(c.text) || ASTRAL.test(c.exact)) {
    facts.push('Hypothesis counts UTF-16 units, so a character outside the BMP is two');
  }

  if (e.method === 'orphaned') {
    const matched = c.text.slice(cpToUtf16(c.text, r.start), cpToUtf16(c.text, r.end));
    if (r.errors > k) {
      facts.unshift(`${errors(r.errors)}, over claimtrack's bound of ${k} for a ${n}-code-point quote`);
    }
    if (r.errors > 0 && digitRuns(matched) !== digitRuns(c.exact)) facts.unshift('a number changed');
    if (c.prefix && c.suffix && r.parts.prefix < 0.5 && r.parts.suffix < 0.5) {
      facts.unshift('prefix and suffix both contradict it');
    } else if (r.errors > 0 && ((c.prefix && r.parts.prefix < 0.5) || (c.suffix && r.parts.suffix < 0.5))) {
      facts.unshift('its context changed');
    }
    if (r.score < 0.75) facts.unshift(`its score ${fmt(r.score)} is under claimtrack's 0.75`);
    const refused = typeof e.refused === 'string' ? ` (${e.refused})` : '';
    return `claimtrack orphans the quote${refused}; Hypothesis never refuses its best candidate and guesses ` +
      `${span(r.start, r.end)} with ${errors(r.errors)}, score ${fmt(r.score)}` +
      (facts.length ? `: ${facts.join('; ')}` : '');
  }

  const theirs = expectedScore
    ? `; Hypothesis scores claimtrack's span ${fmt(expectedScore.score)} (${errors(expectedScore.errors)})` : '';
  if (r === null) {
    facts.unshift(`Hypothesis finds nothing within ${errors(Math.floor(Math.min(256, c.exact.length / 2)))}`);
    return `claimtrack anchors by ${e.method} at ${span(e.start, e.end)}; ${facts.join('; ')}`;
  }
  if (expectedScore && expectedScore.errors > r.errors) {
    facts.unshift(`Hypothesis weighs only the candidates with the fewest errors (${r.errors}), ` +
      `claimtrack every one within ${k}`);
  }
  const overlap = r.start < e.end && e.start < r.end;
  if (overlap && expectedScore && expectedScore.errors === r.errors) {
    facts.unshift('the same passage, bounded differently');
  }
  return `claimtrack ${e.method} ${span(e.start, e.end)}, Hypothesis ${span(r.start, r.end)} with ` +
    `${errors(r.errors)}, score ${fmt(r.score)}${theirs}` + (facts.length ? `: ${facts.join('; ')}` : '');
}

// ---- main ---------------------------------------------------------------

function main() {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: { suggest: { type: 'boolean' }, 'write-report': { type: 'string' } },
    }));
    if (positionals.length > 1) throw new Error('more than one corpus given');
  } catch (err) {
    console.error(`oracle: ${err.message}`);
    console.error('usage: node oracle.mjs [CORPUS] [--suggest] [--write-report FILE]');
    console.log('oracle: 0 passed, 1 failed');
    return 2;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const corpusPath = positionals[0] ?? path.join(here, 'corpus.json');

  let corpus;
  try {
    corpus = JSON.parse(fs.readFileSync(corpusPath, 'utf8'));
    if (!corpus || !Array.isArray(corpus.cases)) throw new Error('no "cases" array');
  } catch (err) {
    console.error(`oracle: cannot use the corpus ${corpusPath}: ${err.message}`);
    console.log('oracle: 0 passed, 1 failed');
    return 1;
  }

  const results = [];
  const seen = new Set();
  for (const c of corpus.cases) {
    const problem = malformed(c, seen);
    if (problem) {
      const id = c && typeof c.id === 'string' ? c.id : `#${results.length + 1}`;
      results.push({ id, verdict: 'malformed', problem });
      continue;
    }
    seen.add(c.id);
    const oracle = runOracle(c);
    const e = c.expect;
    const agrees = e.method === 'orphaned'
      ? oracle === null
      : oracle !== null && oracle.start === e.start && oracle.end === e.end;
    const differs = c.oracle && typeof c.oracle === 'object' ? c.oracle.differs : null;
    const verdict = agrees ? (differs ? 'stale' : 'agrees') : (differs ? 'explained' : 'unexplained');
    const expectedScore = agrees ? null : scoreExpected(c);
    results.push({
      id: c.id,
      kind: c.kind ?? null,
      declared: c.oracle ?? null,
      expect: e,
      oracle,
      agrees,
      verdict,
      differs,
      claimtrackSpanScore: expectedScore,
      suggested: agrees ? null : suggestReason(c, oracle, expectedScore),
    });
  }

  // One line per disagreement, and per stale reason or malformed case.
  for (const r of results) {
    if (r.verdict === 'malformed') {
      console.log(`MALFORMED   ${r.id}: ${r.problem}`);
    } else if (r.verdict === 'stale') {
      console.log(`STALE       ${r.id}: ${describeExpected(r.expect)}, ${describeOracle(r.oracle)}: ` +
        `they agree, but the case says they differ: ${JSON.stringify(r.differs)}`);
    } else if (!r.agrees) {
      const tag = r.verdict === 'explained' ? 'DIFFERS' : 'UNEXPLAINED';
      const ours = r.claimtrackSpanScore ? ` (claimtrack's span scores ${fmt(r.claimtrackSpanScore.score)})` : '';
      console.log(`${tag.padEnd(11)} ${r.id}: ${describeExpected(r.expect)}; ${describeOracle(r.oracle)}${ours}` +
        (r.differs ? `; because: ${r.differs}`
          : r.declared === 'agrees' ? '; the case says "agrees"' : '; no oracle.differs reason'));
    }
  }

  if (values.suggest) {
    const disagreeing = results.filter((r) => r.verdict === 'explained' || r.verdict === 'unexplained');
    if (disagreeing.length > 0) {
      console.log('\nsuggested reasons (check the wording before pasting them into the cases):');
      for (const r of disagreeing) {
        console.log(`  ${r.id}${r.differs ? ' (already has a reason)' : ''}`);
        console.log(`    "oracle": {"differs": ${JSON.stringify(r.suggested)}}`);
      }
    }
  }

  const valid = results.filter((r) => r.verdict !== 'malformed');
  const approx = valid.filter((r) => APPROXIMATE_METHODS.includes(r.expect.method));
  const count = (rs, verdicts) => rs.filter((r) => verdicts.includes(r.verdict)).length;
  const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
  const agreeAll = valid.filter((r) => r.agrees).length;
  const agreeApprox = approx.filter((r) => r.agrees).length;
  const guesses = valid.filter((r) => r.expect.method === 'orphaned' && r.oracle !== null).length;
  const passed = count(results, ['agrees', 'explained']);
  const tooSmall = results.length < MIN_CASES;
  const failed = results.length - passed + (tooSmall ? 1 : 0);

  console.log('');
  console.log(`corpus: ${corpusPath}, ${results.length} cases` +
    (results.length > valid.length ? ` (${results.length - valid.length} malformed)` : ''));
  console.log(`agreement: ${agreeAll} of ${valid.length} (${pct(agreeAll, valid.length)})`);
  console.log(`agreement on the approximate cases (expected ${APPROXIMATE_METHODS.join(' or ')}): ` +
    `${agreeApprox} of ${approx.length} (${pct(agreeApprox, approx.length)})`);
  for (const method of METHODS) {
    const rs = valid.filter((r) => r.expect.method === method);
    if (rs.length > 0) {
      const a = rs.filter((r) => r.agrees).length;
      console.log(`  expected ${method.padEnd(11)} ${String(a).padStart(4)} of ${String(rs.length).padEnd(4)} agree`);
    }
  }
  console.log(`claimtrack orphans, Hypothesis guesses a span: ${guesses}`);
  console.log(`disagreements explained: ${count(results, ['explained'])}, unexplained: ` +
    `${count(results, ['unexplained'])}, stale reasons: ${count(results, ['stale'])}`);
  if (tooSmall) {
    console.log(`corpus too small: ${results.length} cases, fewer than the ${MIN_CASES} required`);
  }

  if (values['write-report']) {
    const report = {
      corpus: corpusPath,
      summary: {
        cases: results.length,
        malformed: results.length - valid.length,
        agree: agreeAll,
        approximateCases: approx.length,
        approximateAgree: agreeApprox,
        orphanedWhereHypothesisGuesses: guesses,
        passed,
        failed,
      },
      cases: results,
    };
    fs.writeFileSync(values['write-report'], `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report: ${values['write-report']}`);
  }

  console.log(`oracle: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

// Run as a program; imported (for matchQuote), do nothing.
const invoked = process.argv[1] && fs.existsSync(process.argv[1])
  ? pathToFileURL(fs.realpathSync(process.argv[1])).href : null;
if (invoked === import.meta.url) {
  process.exitCode = main();
}
