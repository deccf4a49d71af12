import type { Word } from "./words.js";

/**
 * Negated and non-expectation uses of a phrase (docs/reference/sensor.md#negation): "you never
 * promised", "nobody promised", "никто не обещал" say the customer expected nothing; "as expected",
 * "expected behaviour:" and "как ожидалось" are bug-report wording, not an expectation someone set.
 */

const NEGATORS = new Set([
  "not", "no", "never", "nobody", "nothing", "nowhere", "neither", "nor", "without", "hardly",
  "don't", "doesn't", "didn't", "isn't", "wasn't", "weren't", "aren't", "haven't", "hasn't", "hadn't",
  "won't", "wouldn't", "can't", "cannot", "couldn't", "shouldn't", "dont", "didnt", "doesnt", "wasnt",
  "не", "ни", "никто", "никогда", "нигде", "нет", "ничего",
]);

/** Words before a phrase's first word that make it a description, not an expectation. */
const DESCRIPTIVE_BEFORE = new Set(["as", "как"]);

/** Words that may stand between "as"/"как" and the phrase it describes ("как и обещали", "as we promised"). */
const DESCRIPTIVE_FILLERS = new Set(["и", "мы", "вы", "уже", "we", "you", "already"]);

/** Words that make "как" a hedge ("вроде как обещали": as if, supposedly), not a description. */
const HEDGES = new Set(["вроде", "типа", "будто"]);

/** "As expected", "как ожидалось", "как и обещали": the phrase describes what happened, it sets no expectation. */
function descriptive(words: readonly Word[], first: number): boolean {
  const sentence = words[first]!.sentence;
  for (let i = first - 1; i >= Math.max(0, first - 2) && words[i]!.sentence === sentence; i--) {
    if (DESCRIPTIVE_BEFORE.has(words[i]!.surface)) return !HEDGES.has(words[i - 1]?.surface ?? "");
    if (!DESCRIPTIVE_FILLERS.has(words[i]!.surface)) return false;
  }
  return false;
}

/** Stems after a phrase that make it a bug report's heading ("expected result", "expected output"). */
const REPORT_HEADINGS = new Set(["behavior", "behaviour", "result", "output", "valu", "respons", "outcom", "поведен", "результат"]);

/** Words looked at before a phrase for a negator. */
export const NEGATION_REACH = 2;

/**
 * Whether the occurrence at `at` (indexes into `words`) is negated or descriptive: a negator up to
 * `NEGATION_REACH` words before it or between its words (the phrase's own words never count, so
 * "nobody told" stays a phrase), "as" just before it, or a report heading just after it.
 */
export function isCancelled(words: readonly Word[], at: readonly number[]): boolean {
  const first = at[0]!;
  const last = at[at.length - 1]!;
  const sentence = words[first]!.sentence;
  const own = new Set(at);
  for (let i = Math.max(0, first - NEGATION_REACH); i <= last; i++) {
    if (own.has(i) || words[i]!.sentence !== sentence) continue;
    if (NEGATORS.has(words[i]!.surface)) return true;
  }
  if (descriptive(words, first)) return true;
  const after = words[last + 1];
  return !!after && after.sentence === sentence && REPORT_HEADINGS.has(after.stem);
}
