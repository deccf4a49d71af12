import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { evaluateRelease, type EvaluationContext } from "../../src/domain/evaluation/release.js";
import type { Ledger, LedgerEntry } from "../../src/domain/ledger/ledger.js";
import { parseManifest } from "../../src/domain/manifest/parse.js";
import { defaultPolicy, mergePolicy, parsePolicy } from "../../src/domain/policy/resolve.js";
import { MAX_PROBLEMS_PER_FILE, type Problem } from "../../src/domain/source/problems.js";
import { parseEventCatalog, parsePromiseRegistry } from "../../src/domain/registry/parse.js";
import type { ReleasePromise } from "../../src/domain/registry/schema.js";
import { AUDIENCES, CHANGE_TYPES, CHECKLIST_ITEMS, LIMITATION_KINDS, STATUSES } from "../../src/domain/vocabulary.js";
import { YAML_LIMITS } from "../../src/domain/source/yaml-source.js";
import { FUZZ_TIMEOUT_MS, fuzzCorpus, onDemandTimeout, runs } from "../support/fuzz.js";

/**
 * Property tests: whatever text arrives, the parsers answer with data or with problems a person
 * can act on (file, line, column, message), never with an exception, and evaluation never throws
 * on what the parser accepted. Inputs start as valid manifests and are then broken on purpose.
 */

const FILE = "readiness/fuzz.yml";

// ---------------------------------------------------------------------------------------------
// Valid manifests
// ---------------------------------------------------------------------------------------------

const words = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
const handle = fc.stringMatching(/^@[A-Za-z0-9][A-Za-z0-9-]{0,10}(\/[A-Za-z0-9._-]{1,10})?$/);
const isoDate = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const url = fc.oneof(
  fc.constantFrom("https://docs.example.com/a", "http://grafana.example.com/d/x?y=1", "https://wiki.example.com/ünï"),
  fc.webUrl({ validSchemes: ["https", "http"] }),
);
const eventName = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,6}){0,3}$/), words);
const properties = fc.subarray(["plan", "segment", "source", "role", "environment", "version", "region", "extra"]);
const notApplicable = words.map((reason) => ({ not_applicable: reason }));
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

const sections = {
  analytics: fc.record({
    events: fc.record({
      added: fc.array(fc.record({ name: eventName, properties }), { maxLength: 3 }),
      changed: fc.array(fc.record({ name: eventName, properties }), { maxLength: 2 }),
      removed: fc.array(fc.record({ name: eventName }), { maxLength: 2 }),
    }, { requiredKeys: [] }),
    dashboards: fc.array(url, { maxLength: 2 }),
  }, { requiredKeys: ["events"] }),
  docs: fc.record({ url }),
  monitoring: fc.record({ dashboards: fc.array(url, { minLength: 1, maxLength: 2 }), alerts: fc.array(words, { minLength: 1, maxLength: 2 }) }),
  support_training: fc.record({ date: isoDate, materials: url }),
  rollback_plan: fc.record({ steps: words, tested: isoDate }, { requiredKeys: ["steps"] }),
  segment_limits: fc.record({
    rollout_percent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
    regions: fc.array(words, { maxLength: 3 }),
    plans: fc.array(words, { maxLength: 3 }),
  }, { requiredKeys: ["rollout_percent"] }),
};

const checklist = fc.record(
  Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, fc.oneof({ weight: 4, arbitrary: sections[item] as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: notApplicable })])) as Record<string, fc.Arbitrary<unknown>>,
  { requiredKeys: [] },
);

const manifestData: fc.Arbitrary<Record<string, unknown>> = fc.record({
  version: fc.constant(1),
  release: slug,
  title: words,
  status: fc.constantFrom(...STATUSES),
  owner: handle,
  hypothesis: words,
  key_metric: words,
  flag: words,
  checklist,
  changes: fc.array(fc.record({
    title: words,
    type: fc.constantFrom(...CHANGE_TYPES),
    audiences: someOf(AUDIENCES),
    description: words,
    plans: fc.array(words, { maxLength: 2 }),
    regions: fc.array(words, { maxLength: 2 }),
  }, { requiredKeys: ["title", "type"] }), { maxLength: 4 }),
  limitations: fc.array(fc.record({ kind: fc.constantFrom(...LIMITATION_KINDS), text: words, workaround: words, audiences: someOf(AUDIENCES) }, { requiredKeys: ["kind", "text"] }), { maxLength: 3 }),
  promises: fc.array(slug, { maxLength: 3 }),
  campaigns: fc.array(fc.record({ label: fc.constantFrom("campaign:email", "campaign:in-app", "campaign:beta-list", "campaign:landing"), audience: fc.constantFrom(...AUDIENCES) }, { requiredKeys: ["label"] }), { maxLength: 3 }),
}, { requiredKeys: ["version", "release", "title", "status", "owner"] });

// ---------------------------------------------------------------------------------------------
// Ways to break them
// ---------------------------------------------------------------------------------------------

/** Every key path in a value, so a mutation can pick one by number. */
function pathsIn(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([...prefix, i]); pathsIn(v, [...prefix, i], out); });
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) { out.push([...prefix, k]); pathsIn(v, [...prefix, k], out); }
  }
  return out;
}

function parentOf(root: unknown, path: ReadonlyArray<string | number>): Record<string | number, unknown> | undefined {
  let current: unknown = root;
  for (const segment of path.slice(0, -1)) current = (current as Record<string | number, unknown>)[segment];
  return current !== null && typeof current === "object" ? (current as Record<string | number, unknown>) : undefined;
}

const otherValue = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom("2026-02-30", "not a date", "ftp://x", "@", "-1", "1e400", "~", "yes", "0x1F", ".nan"),
);

const yamlFragment = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.array(fc.constantFrom(
    "&a ", "*a", "*missing", "!!binary ", "!!str ", "!custom ", "? ", "- ", ": ", "{", "}", "[", "]", ",", "---\n", "...\n",
    "%YAML 1.2\n", "\t", "'", '"', "|\n", ">-\n", "# c", "<<: *a", "@", "`", "\u0000", "\uFEFF", "\r\n", "\n", "  ",
    "key: value\n", "  nested: [1, {a: b}]\n", "title: dup\n", "version: 1\n", "checklist:\n  docs:\n", "\u202Eevil", "😀",
  ), { maxLength: 8 }).map((parts) => parts.join("")),
);

type Mutation =
  | { kind: "drop"; pick: number }
  | { kind: "rename"; pick: number; to: string }
  | { kind: "retype"; pick: number; value: unknown }
  | { kind: "deepValue"; pick: number; depth: number; map: boolean }
  | { kind: "hugeValue"; pick: number; length: number }
  | { kind: "unicodeValue"; pick: number; value: string }
  | { kind: "insert"; at: number; text: string }
  | { kind: "truncate"; at: number }
  | { kind: "duplicateLine"; at: number }
  | { kind: "nestText"; at: number; depth: number; open: string }
  | { kind: "hugeKey"; at: number; length: number }
  | { kind: "lineEndings"; ending: "\r\n" | "\r" };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), to: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("titel", "urll", "statsu", "not_applicable", "__proto__", "constructor", "")) }),
  fc.record({ kind: fc.constant("retype" as const), pick: fc.nat(), value: otherValue }),
  fc.record({ kind: fc.constant("deepValue" as const), pick: fc.nat(), depth: fc.integer({ min: 1, max: 200 }), map: fc.boolean() }),
  fc.record({
    kind: fc.constant("hugeValue" as const),
    pick: fc.nat(),
    length: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1_000, max: 100_000 }) }, { weight: 1, arbitrary: fc.constant(YAML_LIMITS.maxBytes + 1) }),
  }),
  fc.record({ kind: fc.constant("hugeKey" as const), at: fc.nat(), length: fc.integer({ min: 1_000, max: 50_000 }) }),
  fc.record({ kind: fc.constant("unicodeValue" as const), pick: fc.nat(), value: fc.string({ unit: "binary", maxLength: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: yamlFragment }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("nestText" as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 20_000 }), open: fc.constantFrom("[", "{a: ", "- ", "? ") }),
  fc.record({ kind: fc.constant("lineEndings" as const), ending: fc.constantFrom("\r\n" as const, "\r" as const) }),
);

function nested(depth: number, map: boolean): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = map ? { k: value } : [value];
  return value;
}

function mutateData(data: Record<string, unknown>, m: Mutation): void {
  const paths = pathsIn(data);
  if (paths.length === 0 || !("pick" in m)) return;
  const path = paths[m.pick % paths.length]!;
  const parent = parentOf(data, path);
  const last = path[path.length - 1]!;
  if (!parent) return;
  switch (m.kind) {
    case "drop":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        const value = parent[last];
        delete parent[last];
        Object.defineProperty(parent, m.to, { value, enumerable: true, configurable: true, writable: true });
      }
      break;
    case "retype":
      parent[last] = m.value;
      break;
    case "deepValue":
      parent[last] = nested(m.depth, m.map);
      break;
    case "hugeValue":
      parent[last] = "x".repeat(m.length);
      break;
    case "unicodeValue":
      parent[last] = m.value;
      break;
  }
}

function mutateText(text: string, m: Mutation): string {
  const at = "at" in m ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "truncate":
      return text.slice(0, at);
    case "duplicateLine": {
      const lines = text.split("\n");
      const index = m.at % lines.length;
      lines.splice(index, 0, lines[index]!);
      return lines.join("\n");
    }
    case "nestText":
      return text.slice(0, at) + m.open.repeat(m.depth) + text.slice(at);
    case "hugeKey": {
      // An explicit key (`? key`) is the one kind YAML lets run past 1024 characters.
      const lines = text.split("\n");
      lines.splice(m.at % lines.length, 0, `? ${"k".repeat(m.length)}`, ": value");
      return lines.join("\n");
    }
    case "lineEndings":
      return text.replace(/\n/g, m.ending);
    default:
      return text;
  }
}

const DATA_MUTATIONS = new Set<Mutation["kind"]>(["drop", "rename", "retype", "deepValue", "hugeValue", "unicodeValue"]);

/** A valid manifest broken by one to four mutations: changes to its data first, then to its text. */
const brokenManifest = fc.tuple(manifestData, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([data, mutations, flow]) => {
  const copy = structuredClone(data);
  for (const m of mutations) if (DATA_MUTATIONS.has(m.kind)) mutateData(copy, m);
  let text = stringify(copy, { collectionStyle: flow ? "flow" : "any", lineWidth: 0 });
  for (const m of mutations) if (!DATA_MUTATIONS.has(m.kind)) text = mutateText(text, m);
  return text;
});

// ---------------------------------------------------------------------------------------------
// Evaluation context
// ---------------------------------------------------------------------------------------------

const promiseArb: fc.Arbitrary<ReleasePromise> = fc.record({
  id: slug,
  text: words,
  conditions: fc.array(words, { maxLength: 2 }),
  exceptions: fc.array(words, { maxLength: 2 }),
  version: fc.integer({ min: 1, max: 5 }),
  owner: handle,
  effective: isoDate,
  metric: words,
  channels: fc.subarray(["email", "in-app", "landing", "beta-list", "sales"]),
  min_status: fc.constantFrom(...STATUSES),
});

const ledgerEntry: fc.Arbitrary<LedgerEntry> = fc.oneof(
  fc.record({ kind: fc.constant("signoff" as const), release: slug, item: fc.constantFrom(...CHECKLIST_ITEMS), by: words, at: fc.constant("2026-11-01T00:00:00Z") }),
  fc.record({
    kind: fc.constant("waiver" as const), release: slug, item: fc.constantFrom(...CHECKLIST_ITEMS), by: words, at: fc.constant("2026-11-01T00:00:00Z"),
    until: fc.oneof(isoDate.map((d) => `${d}T12:00:00Z`), fc.constant("not a time")), reason: words,
  }),
);

const evaluation = fc.record({
  labels: fc.array(fc.constantFrom("campaign:email", "campaign:in-app", "campaign:beta-list", "campaign:", "bug", "release:ga", "campaign:😀"), { maxLength: 4 }),
  baseStatus: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
  promises: fc.oneof(fc.constant(null), fc.constant(undefined), fc.array(promiseArb, { maxLength: 3 }).map((ps) => new Map(ps.map((p) => [p.id, p])))),
  catalog: fc.oneof(fc.constant(null), fc.constant(undefined), fc.array(eventName, { maxLength: 4 }).map((names) => ({
    version: 1 as const, events: names.map((name) => ({ name, description: "d", properties: [], owner: "@data" })),
  }))),
  ledger: fc.array(ledgerEntry, { maxLength: 4 }).map((entries): Ledger => ({ entries })),
  now: fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2031-01-01T00:00:00Z"), noInvalidDate: true }),
  timezone: fc.constantFrom("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"),
  signoffs: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

/** Long enough for any real message; a longer one means a value was quoted whole. */
const MAX_MESSAGE_LENGTH = 1_000;

function expectActionable(problems: readonly Problem[], text: string, file: string): void {
  const lineCount = text.split("\n").length;
  expect(problems.length).toBeLessThanOrEqual(MAX_PROBLEMS_PER_FILE);
  for (const problem of problems) {
    expect(problem.file).toBe(file);
    expect(Number.isInteger(problem.line) && problem.line >= 1).toBe(true);
    expect(Number.isInteger(problem.column) && problem.column >= 1).toBe(true);
    expect(problem.endLine).toBeGreaterThanOrEqual(problem.line);
    expect(problem.line).toBeLessThanOrEqual(lineCount);
    expect(typeof problem.message).toBe("string");
    expect(problem.message.trim().length).toBeGreaterThan(0);
    expect(problem.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(["error", "warning"]).toContain(problem.severity);
    expect(typeof problem.key).toBe("string");
  }
}

type EvaluationInputs = typeof evaluation extends fc.Arbitrary<infer T> ? T : never;

function checkManifestText(text: string, context?: EvaluationInputs): void {
  const parsed = parseManifest(text, FILE);
  expectActionable(parsed.problems, text, FILE);
  if (!parsed.ok) {
    expect(parsed.problems.length).toBeGreaterThan(0);
    return;
  }
  for (const [item, problems] of Object.entries(parsed.itemProblems)) {
    expect(problems!.length).toBeGreaterThan(0);
    for (const p of problems!) expect(p.key === `checklist.${item}` || p.key.startsWith(`checklist.${item}.`) || p.key.startsWith(`checklist.${item}[`)).toBe(true);
  }
  const policy = context ? mergePolicy({ timezone: context.timezone, ...(context.signoffs ? { signoffs: { docs: "@acme/docs" } } : {}) }) : defaultPolicy();
  const evaluationContext: EvaluationContext = context
    ? { labels: context.labels, baseStatus: context.baseStatus, promises: context.promises, catalog: context.catalog, itemProblems: parsed.itemProblems }
    : { itemProblems: parsed.itemProblems };
  const verdict = evaluateRelease(parsed.manifest, policy, context?.ledger ?? { entries: [] }, context?.now ?? new Date(), evaluationContext);
  expect(verdict.items).toHaveLength(CHECKLIST_ITEMS.length);
  expect(verdict.ready).toBe(verdict.blockers.length === 0);
  for (const [item, problems] of Object.entries(parsed.itemProblems)) {
    if (problems!.length > 0) expect(["invalid", "waived"]).toContain(verdict.items.find((i) => i.item === item)!.state);
  }
  for (const decision of verdict.campaigns) {
    expect(decision.reasons.length).toBeGreaterThan(0);
    if (!verdict.ready) expect(decision.allowed).toBe(false);
  }
  // Every path evaluation reports must be locatable in the file.
  for (const path of [...verdict.items.map((i) => i.path), ...verdict.rules.map((r) => r.path)]) {
    const position = parsed.locate(path);
    expect(position.line).toBeGreaterThanOrEqual(1);
    expect(position.line).toBeLessThanOrEqual(text.split("\n").length);
  }
}

describe("fuzz: manifests", () => {
  it("every generated valid manifest parses and evaluates", () => {
    fc.assert(
      fc.property(manifestData, fc.boolean(), evaluation, (data, flow, context) => {
        const text = stringify(data, { collectionStyle: flow ? "flow" : "any", lineWidth: 0 });
        const parsed = parseManifest(text, FILE);
        if (!parsed.ok) throw new Error(`valid manifest refused: ${parsed.problems.map((p) => `${p.key}: ${p.message}`).join("; ")}\n${text}`);
        expect(parsed.problems).toEqual([]);
        expect(parsed.manifest.release).toBe(data.release);
        checkManifestText(text, context);
      }),
      { numRuns: runs(300) },
    );
  }, onDemandTimeout(FUZZ_TIMEOUT_MS));

  it("broken manifests give actionable problems or a usable manifest, never an exception", () => {
    fc.assert(
      fc.property(brokenManifest, evaluation, (text, context) => checkManifestText(text, context)),
      { numRuns: runs(1_000) },
    );
  }, onDemandTimeout(FUZZ_TIMEOUT_MS));

  it("arbitrary YAML values and arbitrary text give actionable problems, never an exception", () => {
    const anyText = fc.oneof(
      fc.jsonValue().map((value) => stringify(value)),
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.array(yamlFragment, { maxLength: 20 }).map((parts) => parts.join("")),
    );
    fc.assert(fc.property(anyText, (text) => checkManifestText(text)), { numRuns: runs(800) });
  }, onDemandTimeout(FUZZ_TIMEOUT_MS));
});

/**
 * The committed corpus (test/fixtures/fuzz-corpus/manifest/), replayed on every run.
 */
describe("fuzz corpus: replayed every run", () => {
  const files = fuzzCorpus("manifest", ".yml");
  it("holds seeds", () => expect(files.length).toBeGreaterThan(5));
  it.each(files)("%s gives actionable problems or a usable manifest", (_name, text) => {
    checkManifestText(text);
  });
});

describe("fuzz: the other files", () => {
  const validPolicy = stringify({
    statuses: { beta: { requires: ["docs", "analytics"], max_rollout_percent: 30, campaigns: ["campaign:beta*"] } },
    transitions: ["experiment -> beta", "any -> rollback"],
    signoffs: { docs: "@acme/docs" },
    waivers: { allowed: "admin", max_days: 7 },
    analytics: { event_name_pattern: "^[a-z_]+$", required_properties: ["plan"] },
    channels: { "campaign:email": "newsletter" },
    timezone: "Europe/Berlin",
  });
  const validRegistry = stringify({
    version: 1,
    promises: [{ id: "instant-receipt", text: "Fast.", version: 1, owner: "@acme/payments", effective: "2026-11-01", metric: "latency", channels: ["email"] }],
  });
  const validCatalog = stringify({ version: 1, events: [{ name: "checkout_started", description: "Opened", properties: ["plan"], owner: "@acme/data" }] });
  const textMutations = fc.array(mutation.filter((m) => !DATA_MUTATIONS.has(m.kind)), { minLength: 1, maxLength: 3 });
  const broken = (valid: string) => textMutations.map((ms) => ms.reduce(mutateText, valid));

  it("a broken policy gives actionable problems or a full policy", () => {
    fc.assert(fc.property(broken(validPolicy), (text) => {
      const resolved = parsePolicy(text, ".github/release-readiness.yml");
      if (resolved.ok) expect(resolved.policy.statuses.ga.requires.length).toBeGreaterThanOrEqual(0);
      else expectActionable(resolved.problems, text, ".github/release-readiness.yml");
    }), { numRuns: runs(300) });
  }, onDemandTimeout(FUZZ_TIMEOUT_MS));

  it("a broken promise registry or event catalog gives actionable problems or data", () => {
    fc.assert(fc.property(broken(validRegistry), broken(validCatalog), (registryText, catalogText) => {
      const registry = parsePromiseRegistry(registryText);
      if (!registry.ok) expectActionable(registry.problems, registryText, "readiness/promises.yml");
      const catalog = parseEventCatalog(catalogText);
      if (!catalog.ok) expectActionable(catalog.problems, catalogText, "readiness/events.yml");
    }), { numRuns: runs(300) });
  }, onDemandTimeout(FUZZ_TIMEOUT_MS));
});
