import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.js";
import { defaultPolicyText } from "../../src/cli/init-files.js";
import { JSON_SCHEMA_KINDS, renderJsonSchema } from "../../src/domain/source/json-schema.js";
import { parseManifest } from "../../src/domain/manifest/parse.js";
import { defaultPolicy, parsePolicy } from "../../src/domain/policy/resolve.js";
import { run, tempTree } from "./cli-harness.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function tree(files: Record<string, string> = {}): string {
  const { dir, cleanup } = tempTree(files);
  cleanups.push(cleanup);
  return dir;
}

describe("readiness: help and usage", () => {
  it("--help at top level lists every command and the exit codes", async () => {
    for (const flag of ["--help", "-h", "help"]) {
      const result = await run([flag]);
      expect(result.code).toBe(0);
      for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name}`);
      expect(result.stdout).toContain("Exit codes: 0 ready, 1 not ready, 2 invalid input");
    }
  });

  it("--help on every command prints its usage on stdout and exits 0", async () => {
    for (const command of COMMANDS) {
      const result = await run([command.name, "--help"]);
      expect(result.code, command.name).toBe(0);
      expect(result.stdout, command.name).toContain(`Usage: readiness ${command.name}`);
      expect(result.stderr).toBe("");
      expect((await run(["help", command.name])).stdout).toBe(result.stdout);
    }
  });

  it("no command: usage on stderr, exit 2", async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("missing command");
    expect(result.stderr).toContain("Usage: readiness <command>");
  });

  it("unknown command: usage on stderr with a suggestion, exit 2", async () => {
    const result = await run(["chek", "readiness/examples"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('unknown command "chek"; did you mean "check"?');
    expect(result.stderr).toContain("Usage: readiness <command>");
  });

  it("unknown flag: the command's usage on stderr, exit 2", async () => {
    for (const command of COMMANDS) {
      const result = await run([command.name, "--frobnicate"]);
      expect(result.code, command.name).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("--frobnicate");
      expect(result.stderr).toContain(`Usage: readiness ${command.name}`);
    }
  });

  it("a flag without its value, or too many arguments, is a usage error", async () => {
    const missingValue = await run(["check", "readiness/examples", "--policy"]);
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toContain("--policy");
    const extra = await run(["init", "somewhere"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('takes no arguments (got "somewhere")');
  });
});

describe("readiness schema", () => {
  it("prints each JSON Schema exactly as the generator renders it", async () => {
    for (const kind of JSON_SCHEMA_KINDS) {
      const result = await run(["schema", kind]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(renderJsonSchema(kind));
      expect(JSON.parse(result.stdout)).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" });
    }
  });

  it("prints the manifest schema by default", async () => {
    expect((await run(["schema"])).stdout).toBe(renderJsonSchema("manifest"));
  });

  it("refuses an unknown schema name", async () => {
    const result = await run(["schema", "ledger"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown schema "ledger"; expected one of: manifest, policy, promises, events, feed');
  });
});

describe("readiness init", () => {
  const written = [".github/release-readiness.yml", "readiness/example-release.yml", "readiness/manifest.schema.json", "readiness/policy.schema.json"];

  it("writes the commented defaults and a ready example, which then pass check", async () => {
    const dir = tree();
    const result = await run(["init"], { cwd: dir });
    expect(result.code).toBe(0);
    for (const file of written) {
      expect(result.stdout).toContain(`created ${file}`);
      expect(existsSync(join(dir, file))).toBe(true);
    }
    const example = readFileSync(join(dir, "readiness/example-release.yml"), "utf8");
    expect(example.split("\n")[0]).toBe("# yaml-language-server: $schema=manifest.schema.json");
    expect(example).toContain("tested: 2026-11-23");
    expect(parseManifest(example, "example-release.yml").ok).toBe(true);

    const check = await run(["check"], { cwd: dir });
    expect(check.stdout).toContain("Policy: .github/release-readiness.yml");
    expect(check.stdout).toContain("✓ example-release");
    expect(check.code).toBe(0);
  });

  it("spells out exactly the built-in defaults, with comments", () => {
    const text = defaultPolicyText();
    const parsed = parsePolicy(text);
    expect(parsed.ok && parsed.policy).toEqual(defaultPolicy());
    const comments = text.split("\n").filter((line) => line.trimStart().startsWith("#"));
    expect(comments.length).toBeGreaterThan(20);
  });

  it("never overwrites a file and says which it skipped", async () => {
    const dir = tree({ ".github/release-readiness.yml": "campaign_gate: check\n" });
    const result = await run(["init"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("skipped .github/release-readiness.yml (it already exists; not overwritten)");
    expect(result.stdout).toContain("created readiness/example-release.yml");
    expect(readFileSync(join(dir, ".github/release-readiness.yml"), "utf8")).toBe("campaign_gate: check\n");

    writeFileSync(join(dir, "readiness/example-release.yml"), "# mine\n");
    const again = await run(["init"], { cwd: dir });
    expect(again.code).toBe(0);
    for (const file of written) expect(again.stdout).toContain(`skipped ${file}`);
    expect(readFileSync(join(dir, "readiness/example-release.yml"), "utf8")).toBe("# mine\n");
  });

  it("--dir writes into another directory", async () => {
    const dir = tree();
    const result = await run(["init", "--dir", "repo"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("created repo/.github/release-readiness.yml");
    expect(result.stdout).toContain("Next: cd repo && readiness check");
    expect(existsSync(join(dir, "repo/readiness/example-release.yml"))).toBe(true);
  });
});
