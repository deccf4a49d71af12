import { cleanText } from "./clean-text.js";
import { isCancelled } from "./negation.js";
import { compilePhrases, findPhrase, BUILT_IN_PHRASES, MAX_GAP, type Phrase } from "./phrases.js";
import { claimVerbs, classifySource, findSourceCues, type ExpectationSource, type SourceCue } from "./sources.js";
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
  const cues = findSourceCues(words);
  for (const claim of claimsBy(words, cues)) {
    occurrences.push(claim);
    found.add(claim.map((i) => words[i]!.surface).join(" … "));
  }
  if (occurrences.length === 0) return { mismatch: false, source: null, found: [], words };
  return { mismatch: true, source: classifySource(words, cues, occurrences), found: [...found], words };
}

/** A channel's name with a claim verb near it in the same sentence, not negated. */
function claimsBy(words: readonly Word[], cues: readonly SourceCue[]): number[][] {
  const claims: number[][] = [];
  const verbs = claimVerbs.flatMap((verb) => findPhrase(verb, words));
  for (const cue of cues) {
    for (const verb of verbs) {
      const v = verb[0]!;
      const near = (v > cue.end && v - cue.end <= CLAIM_REACH) || (v < cue.at && cue.at - v <= CLAIM_REACH);
      if (!near || words[v]!.sentence !== words[cue.at]!.sentence) continue;
      const at = v > cue.end ? [cue.at, v] : [v, cue.at];
      if (!isCancelled(words, [v])) claims.push(at);
    }
  }
  return claims;
}
