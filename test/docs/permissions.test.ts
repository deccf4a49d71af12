import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../cli/cli-harness.js";

const appYml = parse(readFileSync(join(REPO_ROOT, "app.yml"), "utf8")) as {
  default_permissions: Record<string, string>;
  default_events: string[];
};
const page = readFileSync(join(REPO_ROOT, "docs/guides/permissions.md"), "utf8");

/** The first cells of a table's rows, with their second cell: `| \`checks\` | write | …`. */
const rowsOf = (section: string) => new Map([...section.matchAll(/^\| `([a-z_]+)` \| ([^|]+) \|/gm)].map((match) => [match[1]!, match[2]!.trim()]));
// Read per section: `issues` is both a permission and an event.
const [permissionsSection = "", eventsSection = ""] = page.split(/^## Events$/m);
const permissions = rowsOf(permissionsSection);
const events = rowsOf(eventsSection);

describe("docs/guides/permissions.md", () => {
  it("explains every permission app.yml asks for, at the level it asks", () => {
    for (const [permission, level] of Object.entries(appYml.default_permissions)) {
      expect(permissions.get(permission), `${permission} is not explained`).toBe(level);
    }
  });

  it("explains every event app.yml subscribes to", () => {
    for (const event of appYml.default_events) expect(events.has(event), `${event} is not explained`).toBe(true);
  });
});
