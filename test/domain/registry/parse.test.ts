import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Problem } from "../../../src/domain/source/problems.js";
import {
  checkPromiseVersions,
  EVENTS_PATH,
  parseEventCatalog,
  parsePromiseRegistry,
  PROMISES_PATH,
  strictestPromises,
  type Parsed,
} from "../../../src/domain/registry/parse.js";
import type { PromiseRegistry, ReleasePromise } from "../../../src/domain/registry/schema.js";

const REGISTRY = `version: 1
promises:
  - id: instant-receipt
    text: Your receipt arrives instantly.
    conditions: [Card payments]
    exceptions: [Bank transfers take up to a day]
    version: 2
    owner: "@acme/payments"
    effective: 2026-11-01
    metric: receipt_latency_p95
    channels: [landing, email, in-app]
    min_status: beta
  - id: uptime
    text: Checkout is up 99.9% of the time.
    version: 1
    owner: "@acme/sre"
    effective: 2026-01-01
    metric: checkout_availability
`;

function problemsOf<T>(parsed: Parsed<T>): Problem[] {
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
}

function dataOf<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.key}: ${p.message}`).join("; "));
  return parsed.data;
}

const promise = (overrides: Partial<ReleasePromise> = {}): ReleasePromise => ({
  id: "instant-receipt",
  text: "Your receipt arrives instantly.",
  conditions: ["Card payments"],
  exceptions: [],
  version: 1,
  owner: "@acme/payments",
  effective: "2026-11-01",
  metric: "receipt_latency_p95",
  channels: ["landing", "email", "in-app"],
  min_status: "beta",
  ...overrides,
});

const registry = (...promises: ReleasePromise[]): PromiseRegistry => ({ version: 1, promises });

describe("parsePromiseRegistry (docs/reference/promises-and-events.md#promise-registry)", () => {
  it("reads every field, with defaults for the optional lists and min_status", () => {
    const data = dataOf(parsePromiseRegistry(REGISTRY));
    expect(data.promises[0]).toEqual({
      id: "instant-receipt",
      text: "Your receipt arrives instantly.",
      conditions: ["Card payments"],
      exceptions: ["Bank transfers take up to a day"],
      version: 2,
      owner: "@acme/payments",
      effective: "2026-11-01",
      metric: "receipt_latency_p95",
      channels: ["landing", "email", "in-app"],
      min_status: "beta",
    });
    expect(data.promises[1]).toMatchObject({ conditions: [], exceptions: [], channels: [], min_status: "ga" });
  });

  it("is read from readiness/promises.yml by default", () => {
    expect(PROMISES_PATH).toBe("readiness/promises.yml");
    expect(problemsOf(parsePromiseRegistry("version: 2\npromises: []\n"))[0]!.file).toBe(PROMISES_PATH);
  });

  it("refuses a promise without an owner", () => {
    const text = REGISTRY.replace('    owner: "@acme/sre"\n', "");
    expect(problemsOf(parsePromiseRegistry(text))).toEqual([
      expect.objectContaining({ key: "promises[1].owner", message: 'required key "owner" is missing', line: 13 }),
    ]);
  });

  it("refuses a promise without a metric", () => {
    const text = REGISTRY.replace("    metric: receipt_latency_p95\n", "");
    expect(problemsOf(parsePromiseRegistry(text))).toEqual([
      expect.objectContaining({ key: "promises[0].metric", message: 'required key "metric" is missing', line: 3 }),
    ]);
  });

  it("refuses a duplicate id, pointing at the second", () => {
    const text = REGISTRY.replace("id: uptime", "id: instant-receipt");
    expect(problemsOf(parsePromiseRegistry(text))).toEqual([
      expect.objectContaining({ key: "promises[1].id", message: 'duplicate id "instant-receipt"', line: 13 }),
    ]);
  });

  it("refuses misspelt keys and bad values with their positions", () => {
    const text = REGISTRY.replace("channels: [landing", "chanels: [landing").replace("min_status: beta", "min_status: live").replace("effective: 2026-01-01", "effective: soon");
    const problems = problemsOf(parsePromiseRegistry(text));
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ["promises[0].chanels", 11],
      ["promises[0].min_status", 12],
      ["promises[1].effective", 17],
    ]);
    expect(problems[0]!.message).toBe('unknown key "chanels"; did you mean "channels"?');
  });

  it("requires a whole version of at least 1", () => {
    expect(problemsOf(parsePromiseRegistry(REGISTRY.replace("version: 2", "version: 1.5")))[0]!.key).toBe("promises[0].version");
    expect(problemsOf(parsePromiseRegistry(REGISTRY.replace("version: 2", "version: 0")))[0]!.key).toBe("promises[0].version");
  });
});

describe("checkPromiseVersions", () => {
  it.each([
    ["text", { text: "Your receipt arrives within a minute." }],
    ["conditions", { conditions: ["Card and wallet payments"] }],
    ["exceptions", { exceptions: ["Gift cards"] }],
  ])("refuses a change of %s without a higher version", (_field, change) => {
    const problems = checkPromiseVersions(registry(promise()), registry(promise({ id: "other" }), promise(change)));
    expect(problems).toEqual([
      expect.objectContaining({
        file: PROMISES_PATH,
        key: "promises[1].version",
        message: 'promise "instant-receipt" changed its text, conditions or exceptions, so its version must rise above 1',
      }),
    ]);
  });

  it("accepts a wording change with a higher version", () => {
    expect(checkPromiseVersions(registry(promise()), registry(promise({ text: "Faster.", version: 2 })))).toEqual([]);
  });

  it("refuses a wording change that lowers the version", () => {
    expect(checkPromiseVersions(registry(promise({ version: 3 })), registry(promise({ text: "Faster.", version: 2 })))).toHaveLength(1);
  });

  it("lets other fields change without a new version", () => {
    const head = registry(promise({ channels: ["email"], min_status: "ga", effective: "2027-01-01", owner: "@acme/cx", metric: "other" }));
    expect(checkPromiseVersions(registry(promise()), head)).toEqual([]);
  });

  it("has nothing to compare for a new promise", () => {
    expect(checkPromiseVersions(registry(), registry(promise()))).toEqual([]);
  });

  it("points at the version line when given the head file's locator", () => {
    const base = dataOf(parsePromiseRegistry(REGISTRY));
    const headText = REGISTRY.replace("text: Checkout is up 99.9%", "text: Checkout is up 99.5%");
    const head = parsePromiseRegistry(headText);
    if (!head.ok) throw new Error("head should parse");
    const [problem] = checkPromiseVersions(base, head.data, PROMISES_PATH, head.locate);
    expect(problem).toMatchObject({ key: "promises[1].version", line: 15 });
  });
});

describe("strictestPromises", () => {
  it("takes the higher min_status from either side", () => {
    expect(strictestPromises(registry(promise({ min_status: "ga" })), registry(promise({ min_status: "beta" }))).get("instant-receipt")?.min_status).toBe("ga");
    expect(strictestPromises(registry(promise({ min_status: "experiment" })), registry(promise({ min_status: "ga" }))).get("instant-receipt")?.min_status).toBe("ga");
  });

  it("takes the later effective date from either side", () => {
    expect(strictestPromises(registry(promise({ effective: "2027-01-01" })), registry(promise({ effective: "2026-11-01" }))).get("instant-receipt")?.effective).toBe("2027-01-01");
    expect(strictestPromises(registry(promise({ effective: "2026-11-01" })), registry(promise({ effective: "2026-12-24" }))).get("instant-receipt")?.effective).toBe("2026-12-24");
  });

  it("takes only the channels both sides allow", () => {
    const base = registry(promise({ channels: ["landing", "email"] }));
    const head = registry(promise({ channels: ["email", "sales", "landing"] }));
    expect(strictestPromises(base, head).get("instant-receipt")?.channels).toEqual(["email", "landing"]);
  });

  it("keeps the head's wording", () => {
    const result = strictestPromises(registry(promise()), registry(promise({ text: "Faster.", version: 2 })));
    expect(result.get("instant-receipt")).toMatchObject({ text: "Faster.", version: 2 });
  });

  it("keeps a promise the PR deletes, at its base terms", () => {
    expect(strictestPromises(registry(promise()), registry()).get("instant-receipt")).toEqual(promise());
  });

  it("takes a promise the PR adds as written", () => {
    expect(strictestPromises(registry(), registry(promise({ id: "fresh" }))).get("fresh")).toEqual(promise({ id: "fresh" }));
  });

  it("works when either side has no registry", () => {
    expect(strictestPromises(undefined, registry(promise())).size).toBe(1);
    expect(strictestPromises(registry(promise()), undefined).size).toBe(1);
    expect(strictestPromises(undefined, undefined).size).toBe(0);
  });
});

describe("parseEventCatalog (docs/reference/promises-and-events.md#event-catalog)", () => {
  const CATALOG = stringify({
    version: 1,
    events: [
      { name: "checkout_started", description: "A buyer opened checkout", properties: ["plan", "segment"], owner: "@acme/data" },
      { name: "checkout_paid", description: "A buyer paid", owner: "@jane" },
    ],
  });

  it("reads each event's name, description, properties and owner", () => {
    expect(EVENTS_PATH).toBe("readiness/events.yml");
    expect(dataOf(parseEventCatalog(CATALOG)).events).toEqual([
      { name: "checkout_started", description: "A buyer opened checkout", properties: ["plan", "segment"], owner: "@acme/data" },
      { name: "checkout_paid", description: "A buyer paid", properties: [], owner: "@jane" },
    ]);
  });

  it("refuses a duplicate event name, pointing at the second", () => {
    const problems = problemsOf(parseEventCatalog(CATALOG.replace("name: checkout_paid", "name: checkout_started")));
    expect(problems).toEqual([expect.objectContaining({ file: EVENTS_PATH, key: "events[1].name", message: 'duplicate name "checkout_started"' })]);
    expect(problems[0]!.line).toBeGreaterThan(2);
  });

  it("requires a description and an owner", () => {
    const problems = problemsOf(parseEventCatalog("version: 1\nevents:\n  - name: checkout_started\n"));
    expect(problems.map((p) => [p.key, p.message])).toEqual([
      ["events[0].description", 'required key "description" is missing'],
      ["events[0].owner", 'required key "owner" is missing'],
    ]);
  });

  it("refuses YAML problems with positions", () => {
    expect(problemsOf(parseEventCatalog("version: 1\nevents:\n  - name: a\n    name: b\n"))[0]).toMatchObject({ line: 4, message: expect.stringMatching(/duplicate key/) });
  });
});
