import { normalise, stemOf, wordsOf, type Word } from "./words.js";

/**
 * The phrases that say a customer expected something else (docs/reference/sensor.md#phrases). A
 * phrase is words in order, at most `MAX_GAP` other words apart, in one sentence. Each word is
 * compared by its Snowball stem, so inflections match ("promised", "promises"; "обещали",
 * "обещал"); a word written `=word` must be exactly that form, for where tense matters
 * ("думал" is an expectation, "думает" is not). The policy's `sensor.phrases` are read the same way.
 */

export interface PhraseWord {
  exact: boolean;
  /** The stem, or the exact surface form when `exact`. */
  text: string;
}

export interface Phrase {
  /** As written, for the comment that names what was found. */
  source: string;
  words: PhraseWord[];
}

/** Words a phrase's words may have between them ("we were [clearly] told", "you [never] promised"). */
export const MAX_GAP = 2;

export const BUILT_IN_PHRASES: readonly string[] = [
  // English
  "promise", "promised us", "i expect", "we expect", "was expecting", "were expecting", "had expected",
  "expected it", "expected them", "expect better", "expect more", "expected at least",
  "=i thought", "=we thought", "thought it would", "supposed to", "under the impression",
  "led to believe", "led us to believe", "could swear", "was told", "were told", "told us", "told me",
  "assured us", "assured me", "advertise", "=misled", "misleading", "bait and switch", "sold us",
  "part of the deal", "signed up for", "=nobody told", "=no one told", "=nobody mentioned", "=nobody said",
  "=never told", "we were sure", "i was sure",
  // Russian. Both aspects of a verb ("обещали", "пообещали"); past forms written `=` where the
  // present is a polite request ("рассчитываю на ответ", "предполагаю, что это баг"); particles and
  // word order stand between a phrase's words ("должен же был", "сказали нам", "вы же писали").
  "обещали", "пообещали", "наобещали", "обещание", "=думал", "=думала", "=думали", "=подумал что",
  "=подумала что", "=подумали что", "=мне казалось", "=нам казалось", "=я так понял", "=я так поняла",
  "=мы так поняли", "=рассчитывал", "=рассчитывала", "=рассчитывали", "=рассчитывало", "=расчитывал",
  "=расчитывала", "=расчитывали", "=ожидал", "=ожидала", "=ожидали", "=ожидалось", "=полагал", "=полагала",
  "=полагали", "=предполагалось", "=надеялся", "=надеялась", "=надеялись",
  "был уверен", "была уверена", "были уверены", "уверен был", "уверяли", "заверили", "заверяли",
  "убеждали", "гарантировали", "должен был", "должна была", "должно было", "был должен", "должен же", "же должен",
  "мне сказали", "нам сказали", "сказали нам", "сказали мне", "нам говорили", "мне говорили", "говорили нам",
  "=вы же говорили", "=вы сами говорили", "=вы говорили что", "=вы же писали", "=вы сами писали", "=вы писали что",
  "=вы пишете", "=ты говорил", "=ты говорила", "=ты же говорил", "=ты же говорила", "у вас написано", "у вас указано", "=было написано", "=было сказано", "=было указано",
  "=было заявлено", "=заявлено", "=заявлена", "=заявлены", "=заявленная", "=заявленный", "=заявленной",
  "=заявленную", "=заявленные", "=заявленных", "рекламировали", "рекламируете", "анонсировали",
  "обман", "обманули", "в заблуждение", "развод", "=не оправдал", "=не оправдала", "=не оправдались",
  "не соответствует описанию", "не соответствует заявленному", "=никто не говорил", "=никто не сказал",
  "=никто не предупреждал", "=никто не предупредил", "=не предупредили", "=могли предупредить",
  "=нигде не написано", "=нигде не сказано", "=нигде не указано", "=не говорилось", "=не упоминалось",
  "=ни слова", "не на это подписывались", "не за это платили", "=продавал", "=продавала", "=продавали",
  "нам продали", "мне продали", "=исходили из того", "=исходил из того", "=исходила из того", "убедили",
  "=вы утверждали", "дали понять", "=предполагал", "=предполагала", "=предполагали",
];

/** One phrase as written: words split and stemmed like ticket text; fewer than one word is no phrase. */
export function compilePhrase(source: string): Phrase | undefined {
  const words: PhraseWord[] = [];
  for (const part of normalise(source).split(/\s+/)) {
    if (part.startsWith("=")) {
      words.push(...wordsOf(part.slice(1)).map((w) => ({ exact: true, text: w.surface })));
    } else {
      words.push(...wordsOf(part).map((w) => ({ exact: false, text: stemOf(w.surface) })));
    }
  }
  return words.length ? { source: source.replace(/^=|(\s)=/g, "$1"), words } : undefined;
}

export function compilePhrases(sources: readonly string[]): Phrase[] {
  return sources.map(compilePhrase).filter((p): p is Phrase => p !== undefined);
}

export function wordMatches(expected: PhraseWord, word: Word): boolean {
  return expected.exact ? word.surface === expected.text : word.stem === expected.text;
}

/** Where a phrase occurs in `words`: the index of each of its words, for every occurrence. */
export function findPhrase(phrase: Phrase, words: readonly Word[]): number[][] {
  const found: number[][] = [];
  const [first] = phrase.words;
  if (!first) return found;
  for (let start = 0; start < words.length; start++) {
    if (!wordMatches(first, words[start]!)) continue;
    const at = [start];
    let position = start;
    for (const next of phrase.words.slice(1)) {
      let hit = -1;
      for (let i = position + 1; i <= position + 1 + MAX_GAP && i < words.length; i++) {
        if (words[i]!.sentence !== words[start]!.sentence) break;
        if (wordMatches(next, words[i]!)) {
          hit = i;
          break;
        }
      }
      if (hit < 0) break;
      at.push(hit);
      position = hit;
    }
    if (at.length === phrase.words.length) found.push(at);
  }
  return found;
}
