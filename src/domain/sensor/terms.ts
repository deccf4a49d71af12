import { englishStems } from "./glossary.js";
import { quantityTokens } from "./quantities.js";
import { MIN_KEY_LENGTH, soundKey } from "./transliteration.js";
import { wordsOf, type Word } from "./words.js";

/**
 * What a release names and what a ticket names, in terms that can meet across languages
 * (docs/reference/sensor.md#ranking): a word's stem, a quantity ("#1440min" for "24 hours" and
 * "24 часа"), and for a Russian ticket about English manifests, the English stems its Russian
 * words stand for (glossary.ts) and the sound keys of its Cyrillic words, which meet Latin names
 * written in Cyrillic ("чекаут", "офлайн"; transliteration.ts). A stem met only through the
 * glossary or a sound key counts for less than one the ticket writes itself.
 */

/** How much a term met through the glossary counts, against one the text writes as the release does. */
export const TRANSLATED = 0.8;
/** How much a term met by its sound key counts. */
export const TRANSLITERATED = 0.8;

/** Words too common to name anything. */
const STOP_STEMS = new Set(
  ("a an the and or of to in on at by for from with without is are be been it its this that your our you we i " +
    "no not yet one any all can will just new now up out as more per within onli").split(" "),
);

const CYRILLIC = /[\u0400-\u04ff]/;

/** One term a release names: how much it weighs and the sound keys of the words it was read from. */
export interface Term {
  weight: number;
  keys: string[];
}

export type Vocabulary = Map<string, Term>;

/** The sound key of a word as written (a stem's key would meet too much: "provid" starts "проводки"). */
function keysOf(word: Word): string[] {
  const key = soundKey(word.surface);
  return key.length >= MIN_KEY_LENGTH ? [key] : [];
}

/** Adds a text's words and quantities to a vocabulary, each at least at `weight`. */
export function addTerms(vocabulary: Vocabulary, text: string, weight: number): void {
  const words = wordsOf(text);
  for (const word of words) {
    if (word.stem.length < 2 || STOP_STEMS.has(word.stem)) continue;
    const known = vocabulary.get(word.stem);
    const keys = keysOf(word);
    if (known) {
      known.weight = Math.max(known.weight, weight);
      for (const key of keys) if (!known.keys.includes(key)) known.keys.push(key);
    } else vocabulary.set(word.stem, { weight, keys });
  }
  for (const quantity of quantityTokens(words)) {
    const known = vocabulary.get(quantity);
    vocabulary.set(quantity, { weight: Math.max(known?.weight ?? 0, weight), keys: [] });
  }
}

/** What a ticket names: its own stems and quantities, the glossary's English stems, its Cyrillic words' sound keys. */
export interface TicketTerms {
  stems: ReadonlySet<string>;
  translated: ReadonlySet<string>;
  /** Sound keys of its Cyrillic words, and every start of one long enough to meet a key by its start. */
  keys: ReadonlySet<string>;
}

export function ticketTerms(words: readonly Word[]): TicketTerms {
  const stems = new Set<string>(words.map((word) => word.stem));
  for (const quantity of quantityTokens(words)) stems.add(quantity);
  const translated = new Set<string>();
  const keys = new Set<string>();
  for (const word of words) {
    if (!CYRILLIC.test(word.surface)) continue;
    for (const stem of englishStems(word)) translated.add(stem);
    for (const key of keysOf(word)) {
      keys.add(key);
      for (let end = MIN_KEY_LENGTH + 1; end < key.length; end++) keys.add(`${key.slice(0, end)}…`);
    }
  }
  return { stems, translated, keys };
}

/**
 * Whether one of the ticket's sound keys meets one of the term's (transliteration.ts `keysMeet`):
 * equal, or the term's key starts the ticket's, looked up among the starts the ticket's keys were stored with.
 */
function keyMet(ticket: ReadonlySet<string>, term: Term): boolean {
  return term.keys.some((named) => ticket.has(named) || (named.length > MIN_KEY_LENGTH && ticket.has(`${named}…`)));
}

/** How much of a term's weight the ticket earns: all for its own words, less for a translated or transliterated one. */
export function termFactor(ticket: TicketTerms, stem: string, term: Term): number {
  if (ticket.stems.has(stem)) return 1;
  if (ticket.translated.has(stem)) return TRANSLATED;
  return ticket.keys.size > 0 && keyMet(ticket.keys, term) ? TRANSLITERATED : 0;
}
