import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const manifest = parse(read("app.yml")) as { default_events: string[]; default_permissions: Record<string, string> };

describe("app.yml", () => {
  it("subscribes to every event src/index.ts handles, and nothing else", () => {
    const wired = [...read("src/index.ts").matchAll(/app\.on\((?:\[\.\.\.PULL_REQUEST_EVENTS\]|"([a-z_]+)(?:\.[a-z_]+)?")/g)]
      .map((match) => match[1] ?? "pull_request");
    expect([...new Set(wired)].sort()).toEqual(expect.arrayContaining(["deployment_protection_rule", "issue_comment", "pull_request"]));
    // check_suite is wired as check_suite.rerequested; merge_group as checks_requested.
    expect([...manifest.default_events].sort()).toEqual([...new Set(wired)].sort());
  });

  it("asks for what the deployment gate uses: deployments to answer, actions to read the run", () => {
    expect(manifest.default_permissions).toMatchObject({ deployments: "write", actions: "read", contents: "write", checks: "write" });
  });
});
