import picomatch from "picomatch";

/**
 * Label names as GitHub compares them: case-insensitively, and as plain strings in which `/` and
 * `..` mean nothing special. Campaign labels are matched here, never with the path globs of
 * `glob.ts`: a path glob is case-sensitive and stops at `/`, so `CAMPAIGN:EMAIL` or
 * `campaign:landing/spring` would slip past a `campaign:*` gate (docs/reference/policy.md).
 */

/**
 * picomatch is a path matcher: `*` and `?` stop at `/`, and dot segments never match. Labels have
 * no segments, so `/` is swapped for a character picomatch treats as ordinary, in the glob and in
 * the name alike, before matching. U+E000 is a private-use character no keyboard types.
 */
const SLASH_STAND_IN = "\uE000";
const withoutSlashes = (text: string) => text.replaceAll("/", SLASH_STAND_IN);

const cache = new Map<string, (label: string) => boolean>();

/** A matcher for a list of label globs: a label matches some positive glob and no `!negation`. */
export function labelMatcher(globs: readonly string[]): (label: string) => boolean {
  const key = globs.join("\u0000");
  const cached = cache.get(key);
  if (cached) return cached;
  const compile = (list: string[]) =>
    list.length ? picomatch(list.map(withoutSlashes), { nocase: true, dot: true, nonegate: true }) : () => false;
  const isIncluded = compile(globs.filter((g) => !g.startsWith("!")));
  const isExcluded = compile(globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1)));
  const matcher = (label: string) => {
    const name = withoutSlashes(label);
    return isIncluded(name) && !isExcluded(name);
  };
  if (cache.size > 500) cache.clear();
  cache.set(key, matcher);
  return matcher;
}

export function labelMatches(label: string, globs: readonly string[]): boolean {
  return labelMatcher(globs)(label);
}

/** GitHub treats `Release:GA` and `release:ga` as one label. */
export function sameLabel(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function hasLabel(labels: readonly string[], name: string): boolean {
  return labels.some((label) => sameLabel(label, name));
}

/**
 * Why a `campaign_labels` list cannot serve as a gate, if it cannot: an empty list or one of
 * negations only matches no label, which would switch the campaign gate off without saying so.
 */
export function campaignLabelsProblem(globs: readonly string[]): string | undefined {
  if (globs.length === 0) return "matches no label, which would switch the campaign gate off; list at least one glob such as campaign:*";
  if (globs.every((g) => g.startsWith("!"))) {
    return "holds only negations, so it matches no label and would switch the campaign gate off; add a glob such as campaign:*";
  }
  return undefined;
}
