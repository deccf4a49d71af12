import type { SensorPromise, SensorRelease } from "./candidates.js";
import type { ExpectationSource } from "./sources.js";
import { wordsOf, type Word } from "./words.js";

/**
 * Which releases, promises and campaigns a mismatch most likely concerns, by what its text names
 * (docs/reference/sensor.md#ranking): a word of a release's slug or flag weighs most, then its
 * title, promise ids, change titles and promise wording, limitations, and least its plans and
 * regions. A word many candidates share weighs less (inverse document frequency), so "export"
 * tells less than "csv" when two releases export something.
 */

const WEIGHTS = { slug: 4, title: 3, promiseId: 3, change: 2, promiseText: 2, limitation: 1.5, segment: 1 } as const;

/** A release (or promise) must score this much to be named at all. */
export const MIN_SCORE = 2.5;

/** Bonus for a release with an allowed campaign on the channel the expectation came from. */
const CHANNEL_BONUS = 1;

/** Words too common to name anything. */
const STOP_STEMS = new Set(
  ("a an the and or of to in on at by for from with without is are be been it its this that your our you we i " +
    "no not yet one any all can will just new now up out as more per within onli").split(" "),
);

type Vocabulary = Map<string, number>;

function addWords(vocabulary: Vocabulary, text: string, weight: number): void {
  for (const word of wordsOf(text)) {
    if (word.stem.length < 2 || STOP_STEMS.has(word.stem)) continue;
    vocabulary.set(word.stem, Math.max(vocabulary.get(word.stem) ?? 0, weight));
  }
}

function releaseVocabulary(release: SensorRelease, promises: ReadonlyMap<string, SensorPromise>): Vocabulary {
  const vocabulary: Vocabulary = new Map();
  addWords(vocabulary, release.slug.replace(/[-_.]/g, " "), WEIGHTS.slug);
  if (release.flag) addWords(vocabulary, release.flag.replace(/[-_.]/g, " "), WEIGHTS.slug);
  addWords(vocabulary, release.title, WEIGHTS.title);
  release.changes.forEach((title) => addWords(vocabulary, title, WEIGHTS.change));
  release.limitations.forEach((text) => addWords(vocabulary, text, WEIGHTS.limitation));
  [...release.plans, ...release.regions].forEach((name) => addWords(vocabulary, name, WEIGHTS.segment));
  for (const id of release.promises) {
    addWords(vocabulary, id.replace(/[-_.]/g, " "), WEIGHTS.promiseId);
    const promise = promises.get(id);
    if (promise) addWords(vocabulary, promise.text, WEIGHTS.promiseText);
  }
  return vocabulary;
}

function promiseVocabulary(promise: SensorPromise): Vocabulary {
  const vocabulary: Vocabulary = new Map();
  addWords(vocabulary, promise.id.replace(/[-_.]/g, " "), WEIGHTS.promiseId);
  addWords(vocabulary, promise.text, WEIGHTS.promiseText);
  return vocabulary;
}

/** Each vocabulary's score against the text's stems, words shared by many vocabularies counting less. */
function scores(vocabularies: readonly Vocabulary[], stems: ReadonlySet<string>): number[] {
  const frequency = new Map<string, number>();
  for (const vocabulary of vocabularies) for (const stem of vocabulary.keys()) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  const count = vocabularies.length;
  return vocabularies.map((vocabulary) => {
    let score = 0;
    for (const [stem, weight] of vocabulary) {
      if (stems.has(stem)) score += weight * Math.log(1 + count / frequency.get(stem)!) / Math.log(2);
    }
    return score;
  });
}

export interface Ranking {
  releases: string[];
  promises: string[];
  campaigns: string[];
}

export function rankCandidates(
  words: readonly Word[],
  source: ExpectationSource,
  releases: readonly SensorRelease[],
  promises: ReadonlyMap<string, SensorPromise>,
): Ranking {
  const stems = new Set(words.map((word) => word.stem));
  const releaseScores = scores(releases.map((release) => releaseVocabulary(release, promises)), stems).map((score, i) => {
    const onChannel = releases[i]!.campaigns.some((campaign) => campaign.channel === source);
    return score >= MIN_SCORE && onChannel ? score + CHANNEL_BONUS : score;
  });
  const ranked = releases
    .map((release, i) => ({ release, score: releaseScores[i]! }))
    .filter((entry) => entry.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.release.slug.localeCompare(b.release.slug));

  const promiseList = [...promises.values()];
  const ownScores = scores(promiseList.map(promiseVocabulary), stems);
  const carried = new Map<string, number>();
  for (const { release, score } of ranked) for (const id of release.promises) carried.set(id, Math.max(carried.get(id) ?? 0, score));
  const rankedPromises = promiseList
    .map((promise, i) => ({ id: promise.id, score: ownScores[i]! + (carried.get(promise.id) ?? 0) }))
    .filter((entry) => carried.has(entry.id) || entry.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));

  const campaigns = ranked.flatMap(({ release }) =>
    [...release.campaigns].sort((a, b) => Number(b.channel === source) - Number(a.channel === source)).map((c) => c.label));
  return {
    releases: ranked.map((entry) => entry.release.slug),
    promises: rankedPromises.map((entry) => entry.id),
    campaigns: [...new Set(campaigns)],
  };
}
