/**
 * A sound key for matching a name across scripts (docs/reference/sensor.md#ranking): Russian
 * tickets write the Latin names a manifest uses in Cyrillic ("чекаут" for checkout, "офлайн" for
 * offline, "эпл пэй" for Apple Pay), so both spellings are reduced to one rough key. Letters map
 * to consonant classes (Cyrillic by its usual transliteration, English by its usual spelling of a
 * sound), vowels collapse to one "a", doubled letters to one, and a final vowel is dropped, as
 * Russian drops the silent English "e" ("offline" and "офлайн" both give "aflan").
 */

/** Shortest key that may name anything: shorter ones ("про", "pro") meet too many words. */
export const MIN_KEY_LENGTH = 4;

const CYRILLIC_CLASSES: Record<string, string> = {
  а: "a", е: "a", ё: "a", и: "a", о: "a", у: "a", ы: "a", э: "a", ю: "a", я: "a", й: "a",
  б: "b", п: "p", в: "v", ф: "f", г: "g", к: "k", х: "h", д: "d", т: "t", з: "s", с: "s",
  ж: "Z", ш: "S", щ: "S", ч: "C", ц: "ts", л: "l", м: "m", н: "n", р: "r", ь: "", ъ: "",
};

/** English spellings of one sound, longest first, each with its class. */
const ENGLISH_GROUPS: ReadonlyArray<readonly [string, string]> = [
  ["tch", "C"], ["sch", "S"], ["ch", "C"], ["sh", "S"], ["zh", "Z"], ["ph", "f"], ["th", "t"], ["ck", "k"],
  ["qu", "kv"], ["gh", ""], ["x", "ks"], ["q", "k"], ["z", "s"], ["j", "dZ"],
];

const VOWELS = new Set(["a", "e", "i", "o", "u", "y"]);
const CYRILLIC = /[\u0400-\u04ff]/;

function cyrillicClasses(word: string): string {
  let out = "";
  for (let i = 0; i < word.length; i++) {
    // "дж" is how Russian writes an English "j" ("джира"), as "j" is written below.
    if (word[i] === "д" && word[i + 1] === "ж") {
      out += "dZ";
      i++;
      continue;
    }
    out += CYRILLIC_CLASSES[word[i]!] ?? "";
  }
  return out;
}

function englishClasses(word: string): string {
  let out = "";
  for (let i = 0; i < word.length; ) {
    const group = ENGLISH_GROUPS.find(([spelling]) => word.startsWith(spelling, i));
    if (group) {
      out += group[1];
      i += group[0].length;
      continue;
    }
    const letter = word[i]!;
    const next = word[i + 1] ?? "";
    if (letter === "c") out += "eiy".includes(next) && next !== "" ? "s" : "k";
    // "w" before a vowel is a consonant ("webhook", "вебхук"); after one it is part of the vowel ("flow").
    else if (letter === "w") out += VOWELS.has(next) ? "v" : "a";
    else if (VOWELS.has(letter)) out += "a";
    else if (/[a-z]/.test(letter)) out += letter;
    i++;
  }
  return out;
}

/** The sound key of one word, Latin or Cyrillic; digits and other letters are left out. */
export function soundKey(word: string): string {
  const lower = word.toLowerCase().replace(/ё/g, "е");
  const classes = CYRILLIC.test(lower) ? cyrillicClasses(lower) : englishClasses(lower);
  let key = "";
  for (const c of classes) if (key[key.length - 1] !== c) key += c;
  return key.length > 1 && key.endsWith("a") ? key.slice(0, -1) : key;
}

/**
 * Whether a word of a ticket (`key`, from a word in another script) names a word of a release
 * (`named`): the same key, or the release word's key at the start of the ticket word's, as an
 * inflected Russian word carries an ending ("мобильном" and "mobile"); both long enough to mean something.
 */
export function keysMeet(key: string, named: string): boolean {
  if (named.length < MIN_KEY_LENGTH || key.length < MIN_KEY_LENGTH) return false;
  return key === named || (named.length >= MIN_KEY_LENGTH + 1 && key.startsWith(named));
}
