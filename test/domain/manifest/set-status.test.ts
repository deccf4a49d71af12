import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { setManifestStatus } from "../../../src/domain/manifest/set-status.js";
import { MANIFEST_FILE, SPEC_EXAMPLE } from "../fixtures/manifests.js";

function changed(text: string, status: Parameters<typeof setManifestStatus>[1]): string {
  const result = setManifestStatus(text, status, MANIFEST_FILE);
  if (!result.ok) throw new Error(`expected the status to change: ${result.problem.message}`);
  return result.text;
}

function problem(text: string) {
  const result = setManifestStatus(text, "ga", MANIFEST_FILE);
  if (result.ok) throw new Error("expected a problem");
  return result.problem;
}

describe("setManifestStatus", () => {
  it("changes only the status value of the SPEC's example, keeping every other byte", () => {
    const edited = changed(SPEC_EXAMPLE, "ga");
    expect(edited).toBe(SPEC_EXAMPLE.replace("status: beta                        # experiment", "status: ga                        # experiment"));
    const parsed = parseManifest(edited, MANIFEST_FILE);
    expect(parsed.ok && parsed.manifest.status).toBe("ga");
  });

  it("keeps a trailing comment, blank lines, other quoting and CRLF line ends", () => {
    const text = [
      "# Release manifest",
      "version: 1",
      "",
      "release: 'checkout-v2'   # slug",
      "status: beta  # moving soon",
      "title: \"One-page checkout\"",
      "",
      "owner: \"@acme/payments\"",
      "",
    ].join("\r\n");
    expect(changed(text, "ga")).toBe(text.replace("status: beta  # moving soon", "status: ga  # moving soon"));
  });

  it("keeps the status's own quoting style", () => {
    expect(changed("version: 1\nstatus: 'beta'\n", "rollback")).toBe("version: 1\nstatus: 'rollback'\n");
    expect(changed("version: 1\nstatus: \"beta\" # c\n", "experiment")).toBe("version: 1\nstatus: \"experiment\" # c\n");
    expect(changed("version: 1\nstatus:    beta\n", "ga")).toBe("version: 1\nstatus:    ga\n");
  });

  it("edits a flow-style document in place", () => {
    const text = "{ version: 1, release: checkout-v2, status: experiment, checklist: { docs: { url: https://d.example.com } } }\n";
    expect(changed(text, "beta")).toBe(text.replace("status: experiment", "status: beta"));
  });

  it("changes only the top-level status, not a nested key of the same name", () => {
    const text = "version: 1\nchecklist:\n  docs: { status: beta }\nstatus: beta\n";
    expect(changed(text, "ga")).toBe("version: 1\nchecklist:\n  docs: { status: beta }\nstatus: ga\n");
  });

  it("returns the text unchanged when the status is already that", () => {
    expect(setManifestStatus("status: ga\n", "ga")).toEqual({ ok: true, text: "status: ga\n", changed: false });
  });

  it("reports a missing status key", () => {
    const found = problem("version: 1\nrelease: checkout-v2\n");
    expect(found.message).toMatch(/no top-level status key/);
    expect(found.file).toBe(MANIFEST_FILE);
  });

  it("reports a status without a value, or written as a block or a collection, at its line", () => {
    const empty = problem("version: 1\nstatus:\ntitle: x\n");
    expect(empty.message).toMatch(/status has no value/);
    expect(empty.line).toBe(2);
    expect(problem("version: 1\nstatus: |\n  beta\n").message).toMatch(/block scalar/);
    expect(problem("version: 1\nstatus: [beta]\n").message).toMatch(/not a plain value/);
  });

  it("reports broken YAML and a document that is not a mapping", () => {
    const broken = problem("version: 1\nstatus: beta\nstatus: ga\n");
    expect(broken.message).toMatch(/^cannot change the status: duplicate key/);
    expect(broken.line).toBe(3);
    expect(problem("- just\n- a list\n").message).toMatch(/not a mapping/);
  });

  it("refuses to change an anchored status that an alias repeats elsewhere", () => {
    expect(problem("version: 1\nstatus: &s beta\nprevious: *s\n").message).toMatch(/cannot change the status alone/);
    expect(changed("version: 1\nstatus: &s beta\n", "ga")).toBe("version: 1\nstatus: &s ga\n");
  });
});
