import type { Word } from "./words.js";

/**
 * Quantities a text names, in one spelling for every language (docs/reference/sensor.md#ranking):
 * "24 часа", "24 hours", "24h" and "сутки" are one span of time; "5 минут" and "5min" another;
 * "50 000", "50,000" and "50 тысяч" one count. Numbers are the words a Russian ticket and an
 * English manifest most surely share, and a promise is usually a number ("within 24 hours").
 * Each quantity is a token that no word can be: `#1440min`, `#5min`, `#20mb`, `#50000`.
 */

/** A unit's words, and how many of the base unit (minutes, megabytes) one of it is. */
const UNITS: ReadonlyArray<{ base: string; size: number; words: readonly string[]; singular: readonly string[] }> = [
  { base: "min", size: 1 / 60, words: ["s", "sec", "secs", "second", "seconds", "сек", "секунд", "секунда", "секунду", "секунды"], singular: ["second", "секунду", "секунда"] },
  { base: "min", size: 1, words: ["min", "mins", "minute", "minutes", "мин", "минут", "минута", "минуту", "минуты"], singular: ["minute", "минуту", "минута"] },
  { base: "min", size: 60, words: ["h", "hr", "hrs", "hour", "hours", "ч", "час", "часа", "часов"], singular: ["hour", "час"] },
  { base: "min", size: 1440, words: ["d", "day", "days", "день", "дня", "дней", "дн", "сутки", "суток"], singular: ["day", "день", "сутки", "суток"] },
  { base: "min", size: 10080, words: ["week", "weeks", "неделя", "неделю", "недели", "недель", "нед"], singular: ["week", "неделю", "неделя"] },
  { base: "mb", size: 1, words: ["mb", "мб", "мегабайт", "мегабайта", "мегабайтов"], singular: [] },
  { base: "mb", size: 1024, words: ["gb", "гб", "гигабайт", "гигабайта", "гигабайтов"], singular: [] },
];

const MULTIPLIERS = new Map<string, number>([
  ["k", 1_000], ["thousand", 1_000], ["тыс", 1_000], ["тысяч", 1_000], ["тысячи", 1_000], ["тысяча", 1_000],
  ["m", 1_000_000], ["million", 1_000_000], ["млн", 1_000_000], ["миллион", 1_000_000], ["миллиона", 1_000_000],
]);

/**
 * Words before a unit with no number that make it one of it: "a minute", "одну минуту", "within
 * a day" is read at "a"; "за сутки", "через час", "до суток" by the preposition ("добрый день" is a greeting).
 */
const ONE = new Set(["a", "an", "one", "одну", "одна", "один", "одни", "одних", "за", "через", "до", "течение"]);

/** A bare count (no unit) is a token only from this size on: small ones ("3 steps") name nothing. */
const MIN_COUNT = 1_000;

const unitByWord = new Map<string, { base: string; size: number }>();
const singulars = new Set<string>();
for (const unit of UNITS) {
  for (const word of unit.words) unitByWord.set(word, unit);
  for (const word of unit.singular) singulars.add(word);
}

const DIGITS = /^\d+$/;
const GLUED = /^(\d+)([a-zа-я]+)$/;

function token(amount: number, unit: { base: string; size: number }): string {
  return `#${Math.round(amount * unit.size * 100) / 100}${unit.base}`;
}

/** Reads a number starting at `i` ("50", "50 000", "50,000" are split by wordsOf into groups of digits). */
function numberAt(words: readonly Word[], i: number): { value: number; next: number } {
  let digits = words[i]!.surface;
  let next = i + 1;
  while (words[next] && /^\d{3}$/.test(words[next]!.surface) && words[next]!.sentence === words[i]!.sentence) {
    digits += words[next]!.surface;
    next++;
  }
  let value = Number(digits);
  const multiplier = words[next] ? MULTIPLIERS.get(words[next]!.surface) : undefined;
  if (multiplier) {
    value *= multiplier;
    next++;
  }
  return { value, next };
}

export function quantityTokens(words: readonly Word[]): string[] {
  const tokens = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const surface = words[i]!.surface;
    const glued = GLUED.exec(surface);
    if (glued && unitByWord.has(glued[2]!)) {
      tokens.add(token(Number(glued[1]), unitByWord.get(glued[2]!)!));
      continue;
    }
    if (DIGITS.test(surface)) {
      const { value, next } = numberAt(words, i);
      const unit = words[next] ? unitByWord.get(words[next]!.surface) : undefined;
      if (unit) tokens.add(token(value, unit));
      else if (value >= MIN_COUNT) tokens.add(`#${value}`);
      i = next - 1;
      continue;
    }
    const unit = singulars.has(surface) ? unitByWord.get(surface) : undefined;
    const before = words[i - 1]?.surface ?? "";
    if (unit && ONE.has(before)) tokens.add(token(1, unit));
  }
  return [...tokens];
}
