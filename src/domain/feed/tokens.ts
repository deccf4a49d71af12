import { createHash, timingSafeEqual } from "node:crypto";

/**
 * docs/reference/feed.md#the-hosted-route: `READINESS_FEED_TOKENS` holds `owner/repo=<hex SHA-256
 * of the token>` entries, separated by commas or newlines. Only hashes are configured, so the
 * variable never holds a secret a log could leak.
 */
export interface FeedTokens {
  /** `owner/repo` (lower case) → the SHA-256 digest of its token. */
  digests: ReadonlyMap<string, Buffer>;
  /** Entries that were ignored, and why (they grant nothing). */
  problems: string[];
}

const ENTRY = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})=([0-9a-fA-F]{64})$/;

export function parseFeedTokens(text: string): FeedTokens {
  const digests = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const entry = raw.trim();
    if (entry === "") continue;
    const match = ENTRY.exec(entry);
    if (!match) {
      // Never echo the entry: a person may have pasted a token instead of its hash.
      problems.push(`an entry of ${entry.length} characters is not owner/repo=<64 hex digits> and is ignored`);
      continue;
    }
    digests.set(`${match[1]}/${match[2]}`.toLowerCase(), Buffer.from(match[3]!, "hex"));
  }
  return { digests, problems };
}

/** A digest no token has, compared against for an unknown repository so both cases take the same time. */
const NO_REPOSITORY = createHash("sha256").update("readiness-feed: no such repository").digest();

/** Whether `token` is the one configured for `repository`, compared in constant time. */
export function feedTokenMatches(tokens: FeedTokens, repository: string, token: string | undefined): boolean {
  const expected = tokens.digests.get(repository.toLowerCase());
  const given = createHash("sha256").update(token ?? "").digest();
  const equal = timingSafeEqual(given, expected ?? NO_REPOSITORY);
  return equal && expected !== undefined && token !== undefined && token !== "";
}

/** The entry to configure for a token: what `READINESS_FEED_TOKENS` holds for one repository. */
export function feedTokenEntry(repository: string, token: string): string {
  return `${repository}=${createHash("sha256").update(token).digest("hex")}`;
}
