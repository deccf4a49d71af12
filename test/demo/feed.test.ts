import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { feedCurl, publishDemoFeed } from "../../demo/feed.js";
import { CHECKOUT_V2, DEMO_MANIFEST_PATH, DEMO_OWNER, DEMO_REPO, startDemoWorld, type DemoWorld } from "../../demo/world.js";

let world: DemoWorld | undefined;
let dir: string | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm run demo: the feed and board after the merge", () => {
  it("reads the app's feed route with the demo's token, writes feed.json and index.html, and prints where to open the board", async () => {
    world = await startDemoWorld();
    world.sandbox.fake.commit({ owner: DEMO_OWNER, repo: DEMO_REPO, branch: "main", files: { [DEMO_MANIFEST_PATH]: CHECKOUT_V2 }, author: "maria" });
    dir = mkdtempSync(join(tmpdir(), "demo-feed-"));
    let printed = "";
    const result = await publishDemoFeed(world, dir, { out: { write: (text: string) => (printed += text) }, colour: false });
    expect(result.releases).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, "feed.json"), "utf8"))).toMatchObject({ source: { repository: "acme/shop" }, releases: [{ slug: "checkout-v2", status: "beta" }] });
    expect(existsSync(result.board)).toBe(true);
    expect(printed).toContain(`Open the board: file://${join(dir, "index.html")}`);
    expect(printed).toContain("checkout-v2: beta, not ready, may be said on no channel yet");
    // --serve prints this curl for the hosted route: it works as printed, with the segment filter.
    const curled = await promisify(execFile)("sh", ["-c", feedCurl(world)]);
    expect(JSON.parse(curled.stdout)).toMatchObject({ version: 1, visitor: { plan: "pro", region: "EU" }, releases: [{ slug: "checkout-v2" }] });
    expect(world.sandbox.fake.violations).toEqual([]);
  }, 60_000);
});
