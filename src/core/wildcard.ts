/**
 * Case id wildcards, matched without a regular expression. A pattern such as `************Z`
 * compiled to `.*.*.*…` backtracks catastrophically; this matcher keeps one resume point per
 * `*` run (the classic greedy two-pointer algorithm), so it takes at most |pattern| × |id| steps
 * whatever the pattern.
 */

/** True when `text` matches `pattern` as a whole, where `*` matches any run of characters. */
function matchRun(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      while (pattern[p] === '*') p++;
      star = p;
      resume = t;
    } else if (star >= 0) {
      p = star;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * True when a case id matches a `--case` pattern: `*` matches any run of characters, `/`
 * included, so `aes-gcm/k128-iv12-t16/*` selects every case of that parameter set.
 */
export function matchesCasePattern(pattern: string, id: string): boolean {
  return matchRun(pattern, id);
}

/** Alternatives a `{a,b}` group may expand to in one part of an entry pattern. */
const MAX_ALTERNATIVES = 64;

/** One `/`-separated part of an entry pattern with its `{a,b,…}` groups expanded (not nested). */
function expandPart(part: string): string[] {
  const open = part.indexOf('{');
  if (open < 0) return [part];
  const close = part.indexOf('}', open);
  if (close < 0) throw new Error(`unclosed "{" in "${part}"`);
  const rest = expandPart(part.slice(close + 1));
  const out = part
    .slice(open + 1, close)
    .split(',')
    .flatMap((alt) => rest.map((r) => part.slice(0, open) + alt + r));
  if (out.length > MAX_ALTERNATIVES) throw new Error(`"${part}" expands to more than ${MAX_ALTERNATIVES} alternatives`);
  return out;
}

/**
 * The matcher of an expectations entry: `*` matches a run of characters within one
 * `/`-separated part of the id, never across a `/`, and `{a,b}` matches either alternative. An
 * entry then covers only the kind, the pair and the mutation or test its pattern names:
 * `aes-cbc/*\/negative/*~x/empty` cannot absorb `…/truncate`, and the id must have as many
 * parts as the pattern. Throws (with the reason) on a malformed `{…}` group.
 */
export function entryMatcher(pattern: string): (id: string) => boolean {
  const parts = pattern.split('/').map(expandPart);
  return (id) => {
    const have = id.split('/');
    return have.length === parts.length && parts.every((alts, i) => alts.some((a) => matchRun(a, have[i]!)));
  };
}
