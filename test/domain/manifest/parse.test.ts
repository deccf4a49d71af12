import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseManifest, type ParsedManifest } from "../../../src/domain/manifest/parse.js";
import type { Problem } from "../../../src/domain/source/problems.js";
import { MAX_PROBLEMS_PER_FILE } from "../../../src/domain/source/validation.js";
import { completeManifestData, MANIFEST_FILE, SPEC_EXAMPLE } from "../fixtures/manifests.js";

function problemsOf(parsed: ParsedManifest): Problem[] {
  if (parsed.ok) throw new Error("expected the manifest to be refused");
  return parsed.problems;
}

function problemAtKey(problems: readonly Problem[], key: string): Problem {
  const found = problems.find((p) => p.key === key);
  if (!found) throw new Error(`no problem for ${key}; got ${problems.map((p) => `${p.key}: ${p.message}`).join(" | ")}`);
  return found;
}

/** The SPEC example with one line's text replaced (the test fails if the text is not there). */
function specWith(find: string, replace: string): string {
  expect(SPEC_EXAMPLE).toContain(find);
  return SPEC_EXAMPLE.replace(find, replace);
}

function lineOf(text: string, fragment: string): number {
  const index = text.indexOf(fragment);
  expect(index).toBeGreaterThanOrEqual(0);
  return text.slice(0, index).split("\n").length;
}

describe("parseManifest: the docs/reference/manifest.md example", () => {
  const parsed = parseManifest(SPEC_EXAMPLE, MANIFEST_FILE);

  it("parses without problems", () => {
    expect(parsed.ok).toBe(true);
    expect(parsed.problems).toEqual([]);
  });

  it("reads every field", () => {
    if (!parsed.ok) throw new Error("should parse");
    expect(parsed.itemProblems).toEqual({});
    expect(parsed.manifest).toEqual({
      version: 1,
      release: "checkout-v2",
      title: "One-page checkout",
      status: "beta",
      owner: "@acme/payments",
      hypothesis: "One page lifts checkout conversion",
      key_metric: "checkout_conversion",
      flag: "checkout-v2",
      checklist: {
        analytics: {
          events: {
            added: [{ name: "checkout_started", properties: ["plan", "segment", "source", "role", "environment", "version", "region"] }],
            changed: [],
            removed: [],
          },
          dashboards: ["https://bi.example.com/d/checkout"],
        },
        docs: { url: "https://docs.example.com/checkout" },
        monitoring: { dashboards: ["https://grafana.example.com/d/co"], alerts: ["checkout-error-rate"] },
        support_training: { date: "2026-11-20", materials: "https://wiki.example.com/co-training" },
        rollback_plan: { steps: "Turn flag checkout-v2 off; old flow serves all traffic", tested: "2026-11-19" },
        segment_limits: { rollout_percent: 20, regions: ["EU"], plans: ["pro", "enterprise"] },
      },
      changes: [
        {
          title: "Pay on one page",
          type: "feature",
          audiences: ["new", "existing", "enterprise"],
          description: "Cart, delivery and payment on one screen.",
        },
      ],
      limitations: [
        { kind: "integration", text: "Gift cards are not supported yet.", workaround: "Use the classic checkout link in the footer." },
      ],
      promises: ["instant-receipt"],
      campaigns: [{ label: "campaign:email", audience: "existing", holdout_percent: 10, exposure_event: "campaign_exposed" }],
    });
  });

  it("locates keys for annotations", () => {
    if (!parsed.ok) throw new Error("should parse");
    expect(parsed.locate(["checklist", "docs", "url"]).line).toBe(lineOf(SPEC_EXAMPLE, "docs:"));
    expect(parsed.locate(["changes", 0, "type"]).line).toBe(lineOf(SPEC_EXAMPLE, "type: feature"));
  });
});

describe("parseManifest: defaults", () => {
  it("fills in empty checklist and changes, and leaves limitations undeclared", () => {
    const parsed = parseManifest('version: 1\nrelease: tiny\ntitle: Tiny\nstatus: experiment\nowner: "@dev"\n', MANIFEST_FILE);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
    expect(parsed.manifest.checklist).toEqual({});
    expect(parsed.manifest.changes).toEqual([]);
    expect(parsed.manifest.limitations).toBeUndefined();
  });

  it("fills in empty event lists and dashboards in analytics", () => {
    const data = completeManifestData();
    (data.checklist as Record<string, unknown>).analytics = { events: {} };
    const parsed = parseManifest(stringify(data), MANIFEST_FILE);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
    expect(parsed.manifest.checklist.analytics).toEqual({ events: { added: [], changed: [], removed: [] }, dashboards: [] });
  });
});

describe("parseManifest: unknown keys", () => {
  it("names file, line, column and key, and suggests the likely key", () => {
    const text = specWith("title: One-page checkout", "titel: One-page checkout");
    const problem = problemAtKey(problemsOf(parseManifest(text, MANIFEST_FILE)), "titel");
    expect(problem).toMatchObject({ file: MANIFEST_FILE, line: 3, column: 1, severity: "error" });
    expect(problem.message).toBe('unknown key "titel"; did you mean "title"?');
  });

  it("suggests a nested key with its full path, inside a checklist item", () => {
    const text = specWith("{ url: https://docs", "{ urll: https://docs");
    const parsed = parseManifest(text, MANIFEST_FILE);
    const problem = problemAtKey(parsed.problems, "checklist.docs.urll");
    expect(problem).toMatchObject({ file: MANIFEST_FILE, line: lineOf(text, "urll"), column: lineColumn(text, "urll") });
    expect(problem.message).toBe('unknown key "urll"; did you mean "url"?');
  });

  it("lists the expected keys when nothing is close", () => {
    const problem = problemAtKey(problemsOf(parseManifest(`${SPEC_EXAMPLE}zzzzzz: 1\n`, MANIFEST_FILE)), "zzzzzz");
    expect(problem.message).toMatch(/^unknown key "zzzzzz"; expected one of: .*version.*release.*campaigns/);
  });

  it("refuses an unknown checklist item as a whole-file problem", () => {
    const text = specWith("  docs:  ", "  doc:   ");
    const problem = problemAtKey(problemsOf(parseManifest(text, MANIFEST_FILE)), "checklist.doc");
    expect(problem.message).toBe('unknown key "doc"; did you mean "docs"?');
  });

  it("suggests keys inside list entries, with the index in the path", () => {
    const text = specWith("    type: feature", "    tpye: feature");
    const problem = problemAtKey(problemsOf(parseManifest(text, MANIFEST_FILE)), "changes[0].tpye");
    expect(problem.message).toBe('unknown key "tpye"; did you mean "type"?');
    expect(problem.line).toBe(lineOf(text, "tpye"));
  });
});

function lineColumn(text: string, fragment: string): number {
  const index = text.indexOf(fragment);
  return index - text.lastIndexOf("\n", index - 1);
}

describe("parseManifest: wrong types and values", () => {
  it("says what type was expected and what was found", () => {
    const text = specWith("rollout_percent: 20", "rollout_percent: twenty");
    const problem = problemAtKey(parseManifest(text, MANIFEST_FILE).problems, "checklist.segment_limits.rollout_percent");
    expect(problem.message).toBe('expected number, got string "twenty"');
    expect(problem.line).toBe(lineOf(text, "twenty"));
  });

  it("says a list was expected where a single value is given", () => {
    const text = specWith("alerts: [checkout-error-rate]", "alerts: checkout-error-rate");
    const problem = problemAtKey(parseManifest(text, MANIFEST_FILE).problems, "checklist.monitoring.alerts");
    expect(problem.message).toBe('expected array, got string "checkout-error-rate"');
  });

  it("says a mapping was not expected where a string belongs", () => {
    const text = specWith("title: One-page checkout", "title: [One, page]");
    expect(problemAtKey(problemsOf(parseManifest(text, MANIFEST_FILE)), "title").message).toBe("expected string, got a list");
  });

  it("refuses a manifest that is not a mapping", () => {
    expect(problemsOf(parseManifest("- a\n- b\n", MANIFEST_FILE))[0]).toMatchObject({ key: "", line: 1, message: "expected object, got a list" });
    expect(problemsOf(parseManifest("just words\n", MANIFEST_FILE))[0]!.message).toBe('expected object, got string "just words"');
  });

  it("refuses a version other than 1", () => {
    const problem = problemAtKey(problemsOf(parseManifest(specWith("version: 1", "version: 2"), MANIFEST_FILE)), "version");
    expect(problem).toMatchObject({ line: 1 });
    expect(problem.message).toMatch(/1/);
  });

  it("explains the release slug and owner handle formats", () => {
    const text = specWith("release: checkout-v2", "release: Checkout V2").replace('owner: "@acme/payments"', "owner: acme");
    const problems = problemsOf(parseManifest(text, MANIFEST_FILE));
    expect(problemAtKey(problems, "release").message).toMatch(/expected a slug/);
    expect(problemAtKey(problems, "owner").message).toBe("expected @user or @org/team");
  });

  it("refuses empty text where text is required", () => {
    const problem = problemAtKey(problemsOf(parseManifest(specWith("title: One-page checkout", 'title: "  "'), MANIFEST_FILE)), "title");
    expect(problem.message).toBe("must not be empty");
  });

  it.each([
    ["a zero-width space", '"\u200b"'],
    ["a byte-order mark and a zero-width joiner", '"\ufeff\u200d"'],
    ["a word joiner between blanks", '" \u2060 "'],
    ["an ideographic space", '"\u3000"'],
  ])("refuses text that shows nothing: %s", (_name, title) => {
    const problem = problemAtKey(problemsOf(parseManifest(specWith("title: One-page checkout", `title: ${title}`), MANIFEST_FILE)), "title");
    expect(problem.message).toBe("must not be empty");
  });

  it("keeps text that has visible characters around invisible ones", () => {
    const parsed = parseManifest(specWith("title: One-page checkout", 'title: "One\u200bpage"'), MANIFEST_FILE);
    expect(parsed.ok && parsed.manifest.title).toBe("One\u200bpage");
  });

  it("refuses a non-http URL", () => {
    const text = specWith("{ url: https://docs.example.com/checkout }", "{ url: ftp://docs.example.com }");
    expect(problemAtKey(parseManifest(text, MANIFEST_FILE).problems, "checklist.docs.url").message).toBe("expected an http(s) URL");
  });
});

describe("parseManifest: missing required keys", () => {
  it("names each missing key", () => {
    const problems = problemsOf(parseManifest("version: 1\nrelease: tiny\n", MANIFEST_FILE));
    expect(problemAtKey(problems, "title").message).toBe('required key "title" is missing');
    expect(problemAtKey(problems, "owner").message).toBe('required key "owner" is missing');
    expect(problemAtKey(problems, "status").message).toBe('required key "status" is missing');
  });

  it("names a missing version", () => {
    const problems = problemsOf(parseManifest('release: tiny\ntitle: T\nstatus: beta\nowner: "@a"\n', MANIFEST_FILE));
    expect(problemAtKey(problems, "version").message).toBe('required key "version" is missing');
  });

  it("names a missing key inside an item, at the item", () => {
    const text = specWith("{ date: 2026-11-20, materials: https://wiki.example.com/co-training }", "{ date: 2026-11-20 }");
    const problem = problemAtKey(parseManifest(text, MANIFEST_FILE).problems, "checklist.support_training.materials");
    expect(problem.message).toBe('required key "materials" is missing');
    expect(problem.line).toBe(lineOf(text, "support_training:"));
  });
});

describe("parseManifest: invalid enum values", () => {
  const text = specWith("status: beta", "status: released")
    .replace("type: feature", "type: feat")
    .replace("kind: integration", "kind: legall")
    .replace("audiences: [new, existing, enterprise]", "audiences: [new, everyone]");
  const problems = problemsOf(parseManifest(text, MANIFEST_FILE));

  it.each([
    ["status", 'expected one of: experiment, beta, ga, rollback; got "released"'],
    ["changes[0].type", 'expected one of: feature, improvement, fix, deprecation, removal; got "feat"'],
    ["changes[0].audiences[1]", 'expected one of: new, existing, enterprise, support; got "everyone"'],
    ["limitations[0].kind", 'expected one of: functional, infrastructure, legal, operational, integration; got "legall"'],
  ])("lists the allowed values for %s", (key, message) => {
    const problem = problemAtKey(problems, key);
    expect(problem.message).toBe(message);
    expect(problem.line).toBeGreaterThan(1);
  });

  it("keeps the message short when the wrong value is huge", () => {
    const huge = "x".repeat(50_000);
    const problem = problemAtKey(problemsOf(parseManifest(specWith("status: beta", `status: ${huge}`), MANIFEST_FILE)), "status");
    expect(problem.message.length).toBeLessThan(300);
  });
});

describe("parseManifest: dates", () => {
  it.each([
    ["an impossible date", "date: 2026-13-40"],
    ["a word", "date: tomorrow"],
    ["a number", "date: 20261120"],
    ["a date and time", "date: 2026-11-20T10:00:00Z"],
  ])("refuses %s as a support training date", (_what, replacement) => {
    const text = specWith("date: 2026-11-20", replacement);
    const problem = problemAtKey(parseManifest(text, MANIFEST_FILE).problems, "checklist.support_training.date");
    expect(problem.message).toMatch(/^expected an ISO date such as 2026-11-20/);
    expect(problem.line).toBe(lineOf(text, "support_training:"));
  });

  it("keeps an ISO date as the string written, not a Date", () => {
    const parsed = parseManifest(SPEC_EXAMPLE, MANIFEST_FILE);
    if (!parsed.ok) throw new Error("should parse");
    const training = parsed.manifest.checklist.support_training;
    expect(training && "date" in training ? training.date : undefined).toBe("2026-11-20");
  });
});

describe("parseManifest: a problem inside one checklist item", () => {
  const text = specWith("{ url: https://docs", "{ urll: https://docs");
  const parsed = parseManifest(text, MANIFEST_FILE);

  it("keeps the manifest usable", () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.manifest.release).toBe("checkout-v2");
    expect(parsed.manifest.checklist.monitoring).toBeDefined();
  });

  it("marks only that item invalid, and leaves it out of the manifest", () => {
    if (!parsed.ok) throw new Error("should parse");
    expect(Object.keys(parsed.itemProblems)).toEqual(["docs"]);
    expect(parsed.itemProblems.docs!.map((p) => p.key)).toContain("checklist.docs.urll");
    expect(parsed.manifest.checklist.docs).toBeUndefined();
    expect(parsed.problems.length).toBeGreaterThan(0);
  });

  it("collects problems from several items separately", () => {
    const twoBad = text.replace("rollout_percent: 20", "rollout_percent: 150");
    const result = parseManifest(twoBad, MANIFEST_FILE);
    if (!result.ok) throw new Error("should stay usable");
    expect(Object.keys(result.itemProblems).sort()).toEqual(["docs", "segment_limits"]);
    expect(result.itemProblems.segment_limits![0]!.key).toBe("checklist.segment_limits.rollout_percent");
  });

  it("makes the whole file invalid when a problem is also outside the checklist", () => {
    const alsoOutside = text.replace("status: beta", "status: released");
    const problems = problemsOf(parseManifest(alsoOutside, MANIFEST_FILE));
    expect(problems.map((p) => p.key)).toEqual(expect.arrayContaining(["status", "checklist.docs.urll"]));
  });

  it("marks an item of the wrong shape altogether invalid", () => {
    const result = parseManifest(specWith("docs:             { url: https://docs.example.com/checkout }", "docs: https://docs.example.com/checkout"), MANIFEST_FILE);
    if (!result.ok) throw new Error("should stay usable");
    expect(result.itemProblems.docs?.[0]).toMatchObject({ key: "checklist.docs" });
  });
});

describe("parseManifest: not applicable", () => {
  it("accepts an item declared not applicable with a reason", () => {
    const parsed = parseManifest(specWith("{ url: https://docs.example.com/checkout }", '{ not_applicable: "internal API only" }'), MANIFEST_FILE);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
    expect(parsed.itemProblems).toEqual({});
    expect(parsed.manifest.checklist.docs).toEqual({ not_applicable: "internal API only" });
  });

  it("requires the reason", () => {
    const parsed = parseManifest(specWith("{ url: https://docs.example.com/checkout }", '{ not_applicable: "" }'), MANIFEST_FILE);
    expect(problemAtKey(parsed.problems, "checklist.docs.not_applicable").message).toBe("must not be empty");
  });

  it("refuses not_applicable mixed with the item's details, saying why", () => {
    const parsed = parseManifest(specWith("{ url: https://docs.example.com/checkout }", "{ not_applicable: internal, url: https://docs.example.com }"), MANIFEST_FILE);
    if (!parsed.ok) throw new Error("the problem is inside one item");
    const messages = parsed.itemProblems.docs!.map((p) => p.message);
    expect(messages.join(" ")).toMatch(/not_applicable.*cannot be combined/);
    expect(messages.join(" ")).not.toMatch(/did you mean "not_applicable"/);
  });
});

describe("parseManifest: whole-file problems", () => {
  it("refuses an empty file with a hint", () => {
    expect(problemsOf(parseManifest("", MANIFEST_FILE))).toEqual([
      expect.objectContaining({ file: MANIFEST_FILE, line: 1, column: 1, message: expect.stringMatching(/empty.*version: 1/) }),
    ]);
  });

  it("passes YAML problems through with their positions", () => {
    const problems = problemsOf(parseManifest(`${SPEC_EXAMPLE}title: again\n`, MANIFEST_FILE));
    expect(problems[0]).toMatchObject({ line: SPEC_EXAMPLE.split("\n").length, message: expect.stringMatching(/duplicate key/) });
  });

  it("reports at most the per-file maximum of problems, sorted by line", () => {
    const changes = Array.from({ length: 200 }, (_, i) => ({ title: `c${i}`, type: "feat" }));
    const problems = problemsOf(parseManifest(stringify({ ...completeManifestData(), changes }), MANIFEST_FILE));
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE);
    const lines = problems.map((p) => p.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
