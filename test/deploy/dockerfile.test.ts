import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/cli-harness.js";

/**
 * `docker build` needs an engine this machine does not have, so the rules the image must keep are
 * read from the Dockerfile itself (docs/reference/running.md#container).
 */
interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  let stage = -1;
  return joined.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#")).map((line) => {
    const [keyword = "", ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(" "), stage };
  });
}

const dockerfile = instructions(readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8"));
const stages = dockerfile.filter((i) => i.keyword === "FROM");
const finalStage = stages.length - 1;
const inFinal = dockerfile.filter((i) => i.stage === finalStage);

describe("Dockerfile", () => {
  it("is multi-stage, and every stage runs on an even (LTS) Node line of 24 or later", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) {
      const major = Number(/^node:(\d+)/.exec(from.args)?.[1]);
      expect(major, from.args).toBeGreaterThanOrEqual(24);
      expect(major % 2, `${from.args} is not an LTS line`).toBe(0);
    }
  });

  it("installs production dependencies only in the image it ships", () => {
    const installs = inFinal.filter((i) => i.keyword === "RUN" && /\bnpm (ci|install)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/--omit=dev/);
    const copied = inFinal.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(copied.some((args) => /--from=\w+ \/app\/dist/.test(args)), "dist/ comes from the build stage").toBe(true);
    expect(copied.some((args) => /\b(test|demo|src)\b/.test(args.split(" ")[0] ?? ""))).toBe(false);
  });

  it("runs as a non-root user", () => {
    const users = inFinal.filter((i) => i.keyword === "USER").map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it("has a HEALTHCHECK on /ping and starts the Probot server on the built app", () => {
    const health = inFinal.find((i) => i.keyword === "HEALTHCHECK");
    expect(health?.args).toContain("/ping");
    expect(inFinal.find((i) => i.keyword === "CMD")?.args).toMatch(/probot.*run.*dist\/index\.js/);
  });

  it("keeps secrets and dev trees out of the build context", () => {
    const ignored = readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8").split("\n").map((line) => line.trim());
    for (const entry of [".env", "*.pem", "node_modules", ".git", "test"]) expect(ignored).toContain(entry);
  });
});
