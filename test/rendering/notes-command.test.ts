import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";
import { notesCommand } from "../../src/cli/notes-command.js";
import { FIXTURES, NOW } from "./helpers.js";

let repo: string;

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "notes-cli-"));
  mkdirSync(join(repo, "readiness"));
  for (const name of ["ga-ready.yml", "beta-training.yml", "hostile.yml", "promises.yml"]) cpSync(join(FIXTURES, name), join(repo, "readiness", name));
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { values, positionals } = parseArgs({ args: argv, options: notesCommand.options, allowPositionals: true, strict: true });
  let stdout = "";
  let stderr = "";
  const code = await notesCommand.run({ values, positionals }, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: repo,
    env: {},
    now: () => NOW,
  });
  return { code, stdout, stderr };
}

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
}

describe("readiness notes", () => {
  it("prints every audience's notes for a ready release and exits 0", async () => {
    const { code, stdout, stderr } = await run("readiness/ga-ready.yml");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.match(/^# .+$/gm)).toEqual(["# New users", "# Existing users", "# Enterprise customers", "# Support"]);
    expect(stdout).toContain("Paid invoices reach your accounting system by 6 am the next day.");
  });

  it("still renders a release that is not ready, says so, and exits 1", async () => {
    const { code, stdout, stderr } = await run("readiness/beta-training.yml", "--audience", "new");
    expect(code).toBe(1);
    expect(stdout.startsWith("## Smart search (Beta)\n")).toBe(true);
    expect(stderr).toContain("readiness/beta-training.yml: smart-search is not ready (1 blocker)");
  });

  it("renders the audiences and language asked for", async () => {
    const { stdout } = await run("readiness/ga-ready.yml", "--audience", "support,enterprise", "--locale", "ru");
    expect(stdout.match(/^# .+$/gm)).toEqual(["# Корпоративные клиенты", "# Поддержка"]);
    expect(stdout).toContain("## Invoice export to accounting systems: заметки для поддержки");
  });

  it("takes audiences and language from the policy", async () => {
    write(".github/release-readiness.yml", "notes:\n  audiences: [existing]\n  locale: ru\n");
    const { stdout } = await run("readiness/ga-ready.yml");
    expect(stdout).toContain("### Удалено: нужны действия");
    expect(stdout).not.toContain("# Поддержка");
  });

  it("writes one file per audience with --out", async () => {
    const { code, stdout } = await run("readiness/ga-ready.yml", "--out", "notes");
    expect(code).toBe(0);
    expect(readdirSync(join(repo, "notes")).sort()).toEqual(["enterprise.en.md", "existing.en.md", "new.en.md", "support.en.md"]);
    expect(stdout.trim().split("\n")).toEqual(["notes/new.en.md", "notes/existing.en.md", "notes/enterprise.en.md", "notes/support.en.md"]);
    expect(readFileSync(join(repo, "notes/new.en.md"), "utf8").startsWith("## Invoice export to accounting systems\n")).toBe(true);
  });

  it("gives notes and view-models as JSON", async () => {
    const { stdout } = await run("readiness/beta-training.yml", "--format", "json", "--audience", "enterprise");
    const parsed = JSON.parse(stdout) as { locale: string; audiences: Array<{ audience: string; markdown: string; releases: Array<{ model: { status: { code: string }; availability: { rolloutPercent: number } } }> }> };
    expect(parsed.locale).toBe("en");
    expect(parsed.audiences.map((a) => a.audience)).toEqual(["enterprise"]);
    expect(parsed.audiences[0]!.releases[0]!.model.status.code).toBe("beta");
    expect(parsed.audiences[0]!.releases[0]!.model.availability.rolloutPercent).toBe(30);
    expect(parsed.audiences[0]!.markdown).toContain("| Rollout | About 30% of eligible accounts |");
  });

  it("gives a complete HTML page in which hostile text stays inert", async () => {
    const { stdout } = await run("readiness/hostile.yml", "--format", "html", "--locale", "ru");
    expect(stdout.startsWith('<!doctype html>\n<html lang="ru">')).toBe(true);
    expect(stdout).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt; for @acme/everyone</title>");
    expect(stdout).toContain("<h1>Новые пользователи</h1>");
    expect(stdout).not.toMatch(/<(script|img|iframe)\b/i);
    expect(stdout).toContain("&lt;script&gt;alert(1)&lt;/script&gt; for @\u200bacme/everyone");
  });

  it("writes notes for one reader's plan and region", async () => {
    const { stdout } = await run("readiness/beta-training.yml", "--audience", "existing", "--plan", "free");
    expect(stdout).toContain("Your plan or region is not included at this stage");
    expect(stdout).not.toContain("### New");
  });

  it("exits 2 with positioned problems for an invalid manifest", async () => {
    write("readiness/broken.yml", "version: 1\nrelease: broken\ntitle: Broken\nstatus: betta\nowner: \"@acme\"\n");
    const { code, stdout, stderr } = await run("readiness/broken.yml");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^readiness\/broken\.yml:4:\d+: status: /m);
  });

  it("exits 2 for a file that cannot be read", async () => {
    const { code, stderr } = await run("readiness/missing.yml");
    expect(code).toBe(2);
    expect(stderr).toBe("readiness/missing.yml:1:1: no such file or directory\n");
  });

  it("exits 2 with the template's line for a broken repository template, not falling back", async () => {
    write(".github/release-readiness/templates/support.en.hbs", "## {{release.title}}\n\n{{#each changes}}\n- {{title}}\n");
    write(".github/release-readiness/templates/README.md", "Our templates.");
    const { code, stdout, stderr } = await run("readiness/ga-ready.yml");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^\.github\/release-readiness\/templates\/support\.en\.hbs:5:\d+: template syntax error/);
  });

  it("uses a repository template that works", async () => {
    write(".github/release-readiness/templates/new.en.hbs", "Hello from {{release.title}}\n");
    const { stdout } = await run("readiness/ga-ready.yml", "--audience", "new");
    expect(stdout).toBe("Hello from Invoice export to accounting systems\n");
  });

  it("exits 2 for a broken policy or promise registry", async () => {
    write("readiness/promises.yml", "version: 1\npromises:\n  - id: x\n");
    const promises = await run("readiness/ga-ready.yml");
    expect(promises.code).toBe(2);
    expect(promises.stderr).toContain("readiness/promises.yml:3:");
    const policy = await run("readiness/ga-ready.yml", "--policy", "nope.yml");
    expect(policy.code).toBe(2);
    expect(policy.stderr).toBe("nope.yml:1:1: no such file\n");
  });

  it("takes a directory, and promises from the registry next to the manifests", async () => {
    mkdirSync(join(repo, "examples"));
    cpSync(join(FIXTURES, "beta-training.yml"), join(repo, "examples", "beta-training.yml"));
    write("examples/promises.yml", readFileSync(join(FIXTURES, "promises.yml"), "utf8").replace("Search results appear in under a second.", "Results in a blink."));
    const { stdout } = await run("examples", "--audience", "support");
    expect(stdout).toContain("- **search-speed** (version 1, in effect from 2026-10-01): Results in a blink.");
    const all = await run("readiness", "--audience", "support");
    expect(all.stdout.match(/^## .+: support notes$/gm)).toHaveLength(3);
  });

  it("exits 2 for a repository template too large to read", async () => {
    write(".github/release-readiness/templates/new.en.hbs", "x".repeat(300 * 1024));
    const { code, stderr } = await run("readiness/ga-ready.yml");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^\.github\/release-readiness\/templates\/new\.en\.hbs:1:1: template is \d+ bytes; the limit is 262144 bytes$/m);
  });

  it("is in the readiness command table", async () => {
    let stdout = "";
    const code = await runCli(["notes", "readiness/ga-ready.yml", "--audience", "new"], {
      stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, cwd: repo, env: {}, now: () => NOW,
    });
    expect(code).toBe(0);
    expect(stdout.startsWith("## Invoice export to accounting systems\n")).toBe(true);
  });

  it("refuses an unknown audience, language or format as a usage error", async () => {
    await expect(run("readiness/ga-ready.yml", "--audience", "partners")).rejects.toThrow(UsageError);
    await expect(run("readiness/ga-ready.yml", "--locale", "de")).rejects.toThrow(/--locale must be one of en, ru/);
    await expect(run("readiness/ga-ready.yml", "--format", "pdf")).rejects.toThrow(/--format must be one of md, html, json/);
  });
});
