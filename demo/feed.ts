/**
 * After the story's merge: the readiness feed and board for the story's repository, read from the
 * app's own feed route (docs/reference/feed.md) exactly as a landing page build would read it.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { writeFeedFolder } from "../src/cli/feed-command.js";
import { feedSchema } from "../src/domain/feed/schema.js";
import { DEMO_OWNER, DEMO_REPO, demoPalette, rule, type DemoSink, type DemoWorld } from "./world.js";

export const FEED_ROUTE = `/readiness/v1/repos/${DEMO_OWNER}/${DEMO_REPO}/feed`;

/** Fetches the feed with the demo's token, writes feed.json and index.html into `dir`, and says where to open the page. */
export async function publishDemoFeed(world: DemoWorld, dir: string, options: { out: DemoSink; colour: boolean }): Promise<{ releases: number; board: string }> {
  const paint = demoPalette(options.colour);
  const response = await fetch(`${world.sandbox.appUrl}${FEED_ROUTE}`, { headers: { authorization: `Bearer ${world.feedToken}` } });
  if (response.status !== 200) throw new Error(`the feed route answered ${response.status}: ${await response.text()}`);
  const feed = feedSchema.parse(await response.json());
  const out = resolve(dir);
  await writeFeedFolder(out, feed);
  const board = join(out, "index.html");
  options.out.write(`${[
    "",
    rule(paint, "The readiness feed and board for marketing and support"),
    `${feed.releases.length} release(s) on ${DEMO_OWNER}/${DEMO_REPO}'s default branch, ${feed.releases.filter((r) => r.ready).length} ready, from ${FEED_ROUTE}`,
    ...feed.releases.map((r) => `  ${r.slug}: ${r.status}, ${r.ready ? "ready" : "not ready"}, may be said on ${r.channels.join(", ") || "no channel yet"}`),
    `Wrote ${join(out, "feed.json")}`,
    `Open the board: ${pathToFileURL(board).href}`,
  ].join("\n")}\n`);
  return { releases: feed.releases.length, board };
}

/** The curl line that reads the hosted route with the demo's token, for `--serve`. */
export function feedCurl(world: DemoWorld): string {
  return `curl -sS -H 'Authorization: Bearer ${world.feedToken}' '${world.sandbox.appUrl}${FEED_ROUTE}?plan=pro&region=EU'`;
}
