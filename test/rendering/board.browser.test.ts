import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFeedFolder } from "../../src/cli/feed-command.js";
import { buildFeed } from "../../src/domain/feed/build.js";
import type { Feed } from "../../src/domain/feed/schema.js";
import { sayableFor } from "../../src/domain/feed/sayable-for.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { REPO_ROOT } from "../cli/cli-harness.js";
import { exampleManifests, exampleText, feedManifest } from "../domain/feed/example-feed.js";

/**
 * The readiness board in a real browser: Debian's chromium, headless, driven by playwright-core
 * (which downloads no browser of its own). The page is loaded from files, as from a checkout or
 * a download of the Pages artifact. Regenerate docs/images/board.png with UPDATE_GOLDEN=1.
 */
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = join(REPO_ROOT, "docs/images/board.png");
const HOSTILE_TITLE = `<script>window.__pwned = "title"</script>Hostile release`;
const HOSTILE_LIMITATION = `<img src=x onerror="window.__pwned = 'limitation'">Images break`;

let browser: Browser;
let dir: string;
let feed: Feed;

beforeAll(async () => {
  const hostile = exampleText("smart-search.yml")
    .replace("release: smart-search", "release: zz-hostile")
    .replace("title: Search that understands typos", `title: ${JSON.stringify(HOSTILE_TITLE)}`)
    .replace("text: Only English spelling is corrected.", `text: ${JSON.stringify(HOSTILE_LIMITATION)}`);
  // Two releases with a history: invoice export went experiment → beta → GA, checkout arrived as an experiment.
  const histories: Record<string, Array<[string, string]>> = {
    "invoice-export": [["experiment", "2026-10-05T09:00:00Z"], ["beta", "2026-10-26T09:00:00Z"], ["ga", "2026-11-20T10:00:00Z"]],
    "checkout-v2": [["experiment", "2026-11-02T09:00:00Z"], ["beta", "2026-11-20T10:00:00Z"]],
  };
  const withHistory = exampleManifests().map((entry) => {
    const steps = histories[entry.manifest.release];
    if (!steps) return entry;
    const text = exampleText(`${entry.manifest.release}.yml`);
    const revisions = steps.map(([status, at], index) => ({ commit: `c${index}`, at, text: text.replace(`status: ${entry.manifest.status}`, `status: ${status}`) }));
    return { ...entry, history: { revisions, fromStart: true } };
  });
  feed = buildFeed({
    manifests: [...withHistory, feedManifest(hostile, "zz-hostile.yml")],
    policy: defaultPolicy(),
    now: new Date("2026-11-23T12:00:00Z"),
    source: { repository: "acme/shop", changed_from: "git", status_history: { from: "git", depth: null } },
    waiversCounted: false,
  });
  dir = mkdtempSync(join(tmpdir(), "readiness-board-"));
  await writeFeedFolder(join(dir, "site"), feed);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const site = () => join(dir, "site");

/** Opens the board from its file, recording every request the page makes. */
async function openBoard(options: { javaScript?: boolean } = {}): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(pathToFileURL(join(site(), "index.html")).href);
  return { page, requests, errors };
}

const visibleTitles = (page: Page) => page.locator("article.release:visible h3").allTextContents();
const titlesOf = (slugs: string[]) => slugs.map((slug) => feed.releases.find((r) => r.slug === slug)!.title);

describe("the readiness board in chromium", () => {
  it("shows every release with its status in colour and in words, and asks for nothing outside its folder", async () => {
    const { page, requests, errors } = await openBoard();
    expect(errors).toEqual([]);
    expect(await page.locator("article.release").count()).toBe(5);
    const invoice = page.locator('article[data-slug="invoice-export"]');
    expect(await invoice.locator(".badge").allTextContents()).toEqual(["GA", "✓ Ready"]);
    const colour = await invoice.evaluate((node) => getComputedStyle(node).borderLeftColor);
    const betaColour = await page.locator('article[data-slug="checkout-v2"]').evaluate((node) => getComputedStyle(node).borderLeftColor);
    expect(colour).not.toBe(betaColour);
    expect(await page.locator('article[data-slug="checkout-v2"] .badge').allTextContents()).toEqual(["Beta", "Not ready"]);
    expect(await invoice.textContent()).toContain("Any invoice export is ready to download within 24 hours.");
    // The line under the calendar says how far back its status changes go (the feed's source).
    expect(await page.locator(".calendar p.history").textContent()).toBe("Status changes come from each manifest's whole git history.");
    // Every date on the calendar, but "manifest changed" on a day whose status change is already shown.
    expect(await page.locator(".calendar tbody tr").count()).toBe(feed.releases.reduce((n, r) => n + r.calendar.length, 0) - 2);
    const invoiceDates = await page.locator('.calendar tbody tr[data-slug="invoice-export"]').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent).join(" | ")));
    expect(invoiceDates.filter((row) => row?.includes("Status") || row?.includes("New release"))).toEqual([
      "2026-10-05 | Invoice export to CSV | New release, as Experiment",
      "2026-10-26 | Invoice export to CSV | Status: Experiment → Beta",
      "2026-11-20 | Invoice export to CSV | Status: Beta → GA",
    ]);
    const base = pathToFileURL(site()).href;
    expect(requests.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(SCREENSHOT)) {
      await page.evaluate(() => document.querySelectorAll('[data-slug="zz-hostile"]').forEach((node) => node.remove()));
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
  }, 60_000);

  it("shows what sayableFor answers for an enterprise visitor in the US, chosen with the keyboard", async () => {
    const { page } = await openBoard();
    await page.locator("#plan").focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("plan");
    const planIndex = 1 + ["enterprise", "free", "pro"].indexOf("enterprise");
    for (let i = 0; i < planIndex; i += 1) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#plan").inputValue()).toBe("enterprise");
    expect(await page.locator("#region").inputValue()).toBe("US");
    const expected = sayableFor(feed, { plan: "enterprise", region: "US" }).releases.map((r) => r.slug);
    expect(expected).toEqual(["invoice-export"]);
    expect(await visibleTitles(page)).toEqual(titlesOf(expected));
    expect(await page.locator("#shown").textContent()).toBe("Showing 1 of 5 releases for plan enterprise, region US.");
    // The change limited to pro and enterprise stays; the calendar shows that release's dates only.
    expect(await page.locator('article[data-slug="invoice-export"] [data-change]:visible').count()).toBe(2);
    expect(new Set(await page.locator(".calendar tbody tr:visible td:nth-child(2)").allTextContents())).toEqual(new Set(["Invoice export to CSV"]));
  }, 60_000);

  it("shows what may be said on email to a pro visitor in the EU, and everything again on reset", async () => {
    const { page } = await openBoard();
    await page.selectOption("#plan", "pro");
    await page.selectOption("#region", "EU");
    await page.selectOption("#channel", "email");
    const answer = sayableFor(feed, { plan: "pro", region: "EU", channel: "email" });
    expect(await visibleTitles(page)).toEqual(titlesOf(answer.releases.map((r) => r.slug)));
    const promises = page.locator('article[data-slug="invoice-export"] [data-promise]:visible blockquote');
    expect(await promises.count()).toBe(1);
    expect(await promises.first().textContent()).toContain(answer.releases[0]!.promises[0]!.text);
    await page.locator("#clear").press("Enter");
    await expect.poll(() => visibleTitles(page)).toHaveLength(5);
  }, 60_000);

  it("keeps hostile manifest text inert: shown as text, never run", async () => {
    const { page, errors } = await openBoard();
    const card = page.locator('article[data-slug="zz-hostile"]');
    expect(await card.locator("h3").textContent()).toBe(HOSTILE_TITLE);
    expect(await card.textContent()).toContain(HOSTILE_LIMITATION);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(3);
    expect(errors).toEqual([]);
  }, 60_000);

  it("shows every release without JavaScript, the filters hidden and a word why", async () => {
    const { page } = await openBoard({ javaScript: false });
    expect(await visibleTitles(page)).toEqual(feed.releases.map((r) => r.title));
    expect(await page.locator("#filters").isVisible()).toBe(false);
    expect(await page.locator("noscript").textContent()).toContain("Filters need JavaScript");
  }, 60_000);

  it("served over http, reads feed.json beside it and says when the page is older than the feed", async () => {
    const copy = join(dir, "served");
    await writeFeedFolder(copy, feed);
    const server: Server = createServer((req, res) => {
      const name = req.url === "/" ? "index.html" : (req.url ?? "").slice(1).split("?")[0]!;
      if (!["index.html", "feed.json"].includes(name)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": name.endsWith(".json") ? "application/json" : "text/html" }).end(readFileSync(join(copy, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`${origin}/index.html`);
      await page.waitForLoadState("networkidle");
      expect(await page.locator("#stale").isVisible()).toBe(false);
      writeFileSync(join(copy, "feed.json"), JSON.stringify({ ...feed, as_of: "2026-11-24" }));
      await page.reload();
      await expect.poll(() => page.locator("#stale").textContent()).toContain("as of 2026-11-24");
      expect(requests.every((url) => url.startsWith(`${origin}/`))).toBe(true);
    } finally {
      server.close();
    }
  }, 60_000);
});
