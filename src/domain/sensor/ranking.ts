import type { SensorPromise, SensorRelease } from "./candidates.js";
import type { ExpectationSource } from "./sources.js";
import { addTerms, termFactor, ticketTerms, type TicketTerms, type Vocabulary } from "./terms.js";
import type { Word } from "./words.js";

/**
 * Which releases, promises and campaigns a mismatch most likely concerns, by what its text names
 * (docs/reference/sensor.md#ranking): a word of a release's slug or flag weighs most, then its
 * title, promise ids, change titles and promise wording, limitations, and least its plans and
 * regions. A word many candidates share weighs less (inverse document frequency), so "export"
 * tells less than "csv" when two releases export something.
 */

const WEIGHTS = { slug: 4, title: 3, promiseId: 3, change: 2, promiseText: 2, limitation: 1.5, detail: 1, segment: 1 } as const;

/** A release (or promise) must score this much to be named at all. */
export const MIN_SCORE = 2.5;

/** Bonus for a release with an allowed campaign on the channel the expectation came from. */
const CHANNEL_BONUS = 1;

function addPromise(vocabulary: Vocabulary, id: string, promise: SensorPromise | undefined): void {
  addTerms(vocabulary, id.replace(/[-_.]/g, " "), WEIGHTS.promiseId);
  if (!promise) return;
  addTerms(vocabulary, promise.text, WEIGHTS.promiseText);
  [...promise.conditions, ...promise.exceptions].forEach((text) => addTerms(vocabulary, text, WEIGHTS.detail));
}

function buildReleaseVocabulary(release: SensorRelease, promises: ReadonlyMap<string, SensorPromise>): Vocabulary {
  const vocabulary: Vocabulary = new Map();
  addTerms(vocabulary, release.slug.replace(/[-_.]/g, " "), WEIGHTS.slug);
  if (release.flag) addTerms(vocabulary, release.flag.replace(/[-_.]/g, " "), WEIGHTS.slug);
  addTerms(vocabulary, release.title, WEIGHTS.title);
  release.changes.forEach((title) => addTerms(vocabulary, title, WEIGHTS.change));
  release.limitations.forEach((text) => addTerms(vocabulary, text, WEIGHTS.limitation));
  (release.descriptions ?? []).forEach((text) => addTerms(vocabulary, text, WEIGHTS.detail));
  [...release.plans, ...release.regions].forEach((name) => addTerms(vocabulary, name, WEIGHTS.segment));
  for (const id of release.promises) addPromise(vocabulary, id, promises.get(id));
  return vocabulary;
}

/** A release's vocabulary is the same for every ticket of a run: built once per release and promise registry. */
const vocabularies = new WeakMap<ReadonlyMap<string, SensorPromise>, WeakMap<SensorRelease, Vocabulary>>();

function releaseVocabulary(release: SensorRelease, promises: ReadonlyMap<string, SensorPromise>): Vocabulary {
  let byRelease = vocabularies.get(promises);
  if (!byRelease) vocabularies.set(promises, (byRelease = new WeakMap()));
  let vocabulary = byRelease.get(release);
  if (!vocabulary) byRelease.set(release, (vocabulary = buildReleaseVocabulary(release, promises)));
  return vocabulary;
}

const promiseVocabularies = new WeakMap<SensorPromise, Vocabulary>();

function promiseVocabulary(promise: SensorPromise): Vocabulary {
  let vocabulary = promiseVocabularies.get(promise);
  if (!vocabulary) {
    vocabulary = new Map();
    addPromise(vocabulary, promise.id, promise);
    promiseVocabularies.set(promise, vocabulary);
  }
  return vocabulary;
}

/** Each vocabulary's score against what the ticket names, terms shared by many vocabularies counting less. */
function scores(vocabularies: readonly Vocabulary[], ticket: TicketTerms): number[] {
  const frequency = new Map<string, number>();
  for (const vocabulary of vocabularies) for (const stem of vocabulary.keys()) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  const count = vocabularies.length;
  return vocabularies.map((vocabulary) => {
    let score = 0;
    for (const [stem, term] of vocabulary) {
      const factor = termFactor(ticket, stem, term);
      if (factor > 0) score += factor * term.weight * Math.log(1 + count / frequency.get(stem)!) / Math.log(2);
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
  const ticket = ticketTerms(words);
  const releaseScores = scores(releases.map((release) => releaseVocabulary(release, promises)), ticket).map((score, i) => {
    const onChannel = releases[i]!.campaigns.some((campaign) => campaign.channel === source);
    return score >= MIN_SCORE && onChannel ? score + CHANNEL_BONUS : score;
  });
  const ranked = releases
    .map((release, i) => ({ release, score: releaseScores[i]! }))
    .filter((entry) => entry.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.release.slug.localeCompare(b.release.slug));

  const promiseList = [...promises.values()];
  const ownScores = scores(promiseList.map(promiseVocabulary), ticket);
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
