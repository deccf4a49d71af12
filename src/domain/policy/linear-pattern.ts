import { RE2JS } from "re2js";

/**
 * Regular expressions that a policy supplies and PR authors' text is matched against. JavaScript's
 * engine backtracks: `^([a-z0-9]+_?)*$` against a 31-character name blocked the whole process for
 * 12 s, doubling with each character. RE2 (here its pure-JavaScript port, so the Action bundle
 * needs no native addon) matches in time linear in the input and refuses the constructs that
 * need backtracking (backreferences, lookarounds), so a hostile pattern is an error with its line
 * rather than a frozen app.
 */
export type LinearPattern = { ok: true; test: (text: string) => boolean } | { ok: false; message: string };

const cache = new Map<string, LinearPattern>();

export function compileLinearPattern(source: string): LinearPattern {
  const cached = cache.get(source);
  if (cached) return cached;
  let compiled: LinearPattern;
  try {
    const pattern = RE2JS.compile(source);
    compiled = { ok: true, test: (text) => pattern.test(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : String(error);
    compiled = {
      ok: false,
      message: `not a regular expression that runs in linear time (RE2 syntax; backreferences and lookarounds are not supported): ${reason}`,
    };
  }
  if (cache.size > 100) cache.clear();
  cache.set(source, compiled);
  return compiled;
}
