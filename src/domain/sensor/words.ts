import { newStemmer } from "snowball-stemmers";

/**
 * Words of a ticket, each with its Snowball stem (English, or Russian for a word in Cyrillic), so
 * "promised", "promises" and "обещали", "обещал" meet the same phrase (docs/reference/sensor.md).
 * Sentences are counted so phrases and their negations never reach across a full stop or a line.
 */

export interface Word {
  /** The word as written, lowercased, `ё` read as `е` and typographic apostrophes as `'`. */
  surface: string;
  stem: string;
  /** Which sentence (or line) of the text the word is in. */
  sentence: number;
}

const english = newStemmer("english");
const russian = newStemmer("russian");

/** Stems are cached: a help desk's vocabulary is small, and stemming is most of the work. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

const CYRILLIC = /[\u0400-\u04ff]/;

export function stemOf(surface: string): string {
  let stem = cache.get(surface);
  if (stem === undefined) {
    const bare = surface.replace(/'.*$/, "");
    stem = CYRILLIC.test(bare) ? russian.stem(bare) : english.stem(bare);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(surface, stem);
  }
  return stem;
}

/** Letters and digits, with an apostrophe inside a word kept (didn't, I'd). */
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
/** What ends a sentence between two words. */
const BOUNDARY = /[.!?;\n]/;

export function normalise(text: string): string {
  return text.toLowerCase().replace(/ё/g, "е").replace(/[\u2018\u2019\u02bc`]/g, "'");
}

export function wordsOf(text: string): Word[] {
  const normal = normalise(text);
  const words: Word[] = [];
  let sentence = 0;
  let last = 0;
  for (const match of normal.matchAll(WORD)) {
    const at = match.index;
    if (words.length > 0 && BOUNDARY.test(normal.slice(last, at))) sentence++;
    last = at + match[0].length;
    words.push({ surface: match[0], stem: stemOf(match[0]), sentence });
  }
  return words;
}
