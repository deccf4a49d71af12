import { cleanText } from "./clean-text.js";
import { isCancelled } from "./negation.js";
import { compilePhrases, findPhrase, BUILT_IN_PHRASES, MAX_GAP, type Phrase } from "./phrases.js";
import { claimVerbs, classifySource, WEAK_CLAIM_VERBS, findSourceCues, type ExpectationSource, type SourceCue } from "./sources.js";
import { wordsOf, type Word } from "./words.js";

/**
 * Whether a text says the customer expected something else (docs/reference/sensor.md#detection):
 * a phrase from the built-in list or the policy's, or a channel's name next to a verb that reports
 * what it said ("the website says", "на сайте написано"), in the customer's own words and not negated.
 */

export interface Detector {
  phrases: readonly Phrase[];
}

export function createDetector(extraPhrases: readonly string[] = []): Detector {
  return { phrases: [...compilePhrases(BUILT_IN_PHRASES), ...compilePhrases(extraPhrases)] };
}

export interface Detection {
  mismatch: boolean;
  source: ExpectationSource | null;
  /** The phrases found, as written in the phrase list or as the words of the text ("website … says"). */
  found: string[];
  /** The cleaned text's words, for ranking what it names. */
  words: Word[];
}

/** Words a claim verb may stand from the channel's name, either side ("said on the website"). */
const CLAIM_REACH = MAX_GAP + 3;

export function detectMismatch(detector: Detector, text: string): Detection {
  const words = wordsOf(cleanText(text));
  const occurrences: number[][] = [];
  const found = new Set<string>();
  for (const phrase of detector.phrases) {
    for (const at of findPhrase(phrase, words)) {
      if (isCancelled(words, at)) continue;
      occurrences.push(at);
      found.add(phrase.source);
    }
  }
  const allCues = findSourceCues(words, true);
  const claimed = new Set<SourceCue>();
  for (const claim of claimsBy(words, allCues)) {
    occurrences.push(claim.at);
    claimed.add(claim.cue);
    found.add(claim.at.map((i) => words[i]!.surface).join(" … "));
  }
  const cues = allCues.filter((cue) => !cue.weak || claimed.has(cue));
  if (occurrences.length === 0) return { mismatch: false, source: null, found: [], words };
  return { mismatch: true, source: classifySource(words, cues, occurrences), found: [...found], words };
}

/** Words after a claim verb that make it instructions, not a claim ("the email says how to reset", "написано, как"). */
const INSTRUCTIONS = new Set(["how", "where", "как", "где"]);

/** Words that point back to a channel named just before ("Статья … висит, и там сказано"). */
const ANAPHORS = new Set(["там"]);
/** Words an anaphor's claim verb may stand after the channel it points back to, within this or the next sentence. */
const ANAPHOR_REACH = 15;

/**
 * A channel's name with a claim verb near it in the same sentence, or pointed back to by "там",
 * not negated; a general name (a weak cue) only with the verb after it.
 */
function claimsBy(words: readonly Word[], cues: readonly SourceCue[]): Array<{ at: number[]; cue: SourceCue }> {
  const claims: Array<{ at: number[]; cue: SourceCue }> = [];
  const verbs = claimVerbs.flatMap((verb) => findPhrase(verb, words));
  for (const cue of cues) {
    for (const verb of verbs) {
      const v = verb[0]!;
      if (isCancelled(words, [v]) || INSTRUCTIONS.has(words[v + 1]?.surface ?? "")) continue;
      if (cue.weak && (v < cue.at || !WEAK_CLAIM_VERBS.has(words[v]!.surface))) continue;
      if (near(words, cue, v) || pointsBack(words, cue, v)) claims.push({ at: v > cue.end ? [cue.at, v] : [v, cue.at], cue });
    }
  }
  return claims;
}

function near(words: readonly Word[], cue: SourceCue, v: number): boolean {
  const close = (v > cue.end && v - cue.end <= CLAIM_REACH) || (v < cue.at && cue.at - v <= CLAIM_REACH);
  return close && words[v]!.sentence === words[cue.at]!.sentence;
}

function pointsBack(words: readonly Word[], cue: SourceCue, v: number): boolean {
  const before = words[v - 1];
  if (!before || !ANAPHORS.has(before.surface) || before.sentence !== words[v]!.sentence) return false;
  return v > cue.end && v - cue.end <= ANAPHOR_REACH && words[v]!.sentence - words[cue.at]!.sentence <= 1;
}
