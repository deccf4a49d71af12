import picomatch from "picomatch";

/**
 * Globs for paths and labels in one place. A list may hold `!negations`: a value matches when it
 * matches some positive glob and no negative one. Matchers are cached because the same few policy
 * globs are tested against every file of every PR.
 */
const cache = new Map<string, (value: string) => boolean>();

export function compileGlobs(globs: readonly string[], options: { dot?: boolean } = {}): (value: string) => boolean {
  const key = `${options.dot ? "d" : ""}\u0000${globs.join("\u0000")}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const positive = globs.filter((g) => !g.startsWith("!"));
  const negative = globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  const isIncluded = positive.length ? picomatch(positive, { dot: options.dot ?? true }) : () => false;
  const isExcluded = negative.length ? picomatch(negative, { dot: options.dot ?? true }) : () => false;
  const matcher = (value: string) => isIncluded(value) && !isExcluded(value);
  if (cache.size > 500) cache.clear();
  cache.set(key, matcher);
  return matcher;
}

export function matchesAny(value: string, globs: readonly string[]): boolean {
  return compileGlobs(globs)(value);
}
