import { parse as parseYaml } from "yaml";
import { evaluateRelease } from "../src/domain/evaluation/release.js";
import { EMPTY_LEDGER } from "../src/domain/ledger/ledger.js";
import { parseManifest } from "../src/domain/manifest/parse.js";
import { defaultPolicy } from "../src/domain/policy/resolve.js";
import { AUDIENCES, CHANGE_TYPES } from "../src/domain/vocabulary.js";
import { YAML_LIMITS } from "../src/domain/source/yaml-source.js";
import { time, timeInterleaved, type BenchModule, type BenchResult } from "./measure.js";

/** The largest manifest the app reads is 1 MiB: reading it should cost at most this many plain YAML parses. */
const TARGET_RATIO = 3;
const CHANGES = 10_000;
const FILE = "readiness/large-release.yml";
const NOW = new Date("2026-12-01T12:00:00Z");

const HEADER = `version: 1
release: large-release
title: A release with ten thousand changes
status: ga
owner: "@acme/payments"
hypothesis: One page lifts checkout conversion
key_metric: checkout_conversion
flag: large-release
checklist:
  analytics:
    events:
      added:   [{ name: checkout_started, properties: [plan, segment, source, role, environment, version, region] }]
      changed: []
      removed: []
    dashboards: [https://bi.example.com/d/checkout]
  docs:             { url: https://docs.example.com/checkout }
  monitoring:       { dashboards: [https://grafana.example.com/d/co], alerts: [checkout-error-rate] }
  support_training: { date: 2026-11-20, materials: https://wiki.example.com/co-training }
  rollback_plan:    { steps: "Turn flag large-release off; old flow serves all traffic", tested: 2026-11-19 }
  segment_limits:   { rollout_percent: 20, regions: [EU], plans: [pro, enterprise] }
limitations:
  - kind: integration
    text: Gift cards are not supported yet.
    workaround: Use the classic checkout link in the footer.
campaigns:
  - { label: "campaign:email", audience: existing }
changes:
`;

/**
 * A valid manifest of `changes` changes padded to just under `bytes`: the worst case a real
 * repository can hand the app, since larger files are refused before parsing.
 */
export function largeManifest(changes = CHANGES, bytes = YAML_LIMITS.maxBytes - 1024): string {
  const entry = (i: number, description: string) =>
    `  - title: Change number ${i}\n` +
    `    type: ${CHANGE_TYPES[i % CHANGE_TYPES.length]}\n` +
    `    audiences: [${AUDIENCES.slice(0, 1 + (i % AUDIENCES.length)).join(", ")}]\n` +
    `    description: ${description}\n`;
  const unpadded = HEADER.length + Array.from({ length: changes }, (_, i) => entry(i, "").length).reduce((a, b) => a + b, 0);
  const perChange = Math.max(1, Math.floor((bytes - unpadded) / changes));
  const words = "Cart, delivery and payment on one screen for every plan and region. ".repeat(Math.ceil(perChange / 60) + 1);
  const description = words.slice(0, perChange).trim();
  let text = HEADER;
  for (let i = 0; i < changes; i++) text += entry(i, description);
  return text;
}

/**
 * Hostile files at the size limit. Each must be refused, and refusing it should cost no more than
 * reading a valid file of the same size.
 */
function hostileInputs(): Array<{ name: string; text: string }> {
  const room = YAML_LIMITS.maxBytes - 64;
  const bomb = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 10; level++) bomb.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(", ")}]`);
  return [
    { name: "1 MiB of stray [ in a flow mapping", text: `{ a: [ b ] ${"[".repeat(room)}}` },
    { name: "1 MiB of unclosed [", text: "[".repeat(room) },
    { name: "1 MiB of '- ' (block nesting)", text: "- ".repeat(room / 2) },
    { name: "1 MiB of duplicate keys", text: "same: 1\n".repeat(room / 8) },
    { name: "1 MiB of distinct unknown keys", text: Array.from({ length: 90_000 }, (_, i) => `k${i}: 1`).join("\n").slice(0, room) },
    { name: "billion laughs", text: bomb.join("\n") },
  ];
}

function readAndEvaluate(text: string) {
  const parsed = parseManifest(text, FILE);
  if (!parsed.ok) return undefined;
  return evaluateRelease(parsed.manifest, defaultPolicy(), EMPTY_LEDGER, NOW, {
    labels: ["campaign:email", "bug"],
    itemProblems: parsed.itemProblems,
    catalog: null,
  });
}

export const bench: BenchModule = {
  title: "parseManifest + evaluateRelease, 1 MiB",
  async run(): Promise<BenchResult[]> {
    const valid = largeManifest();
    // Two harder cases, as large: one item invalid (the rest is still evaluated, so the manifest is
    // validated twice) and every change invalid (ten thousand issues to turn into problems).
    const invalidItem = valid.replace("{ url: https://docs.example.com/checkout }", "{ urll: https://docs.example.com/checkout }");
    const everyChangeInvalid = valid.replace(/^ {4}type: \w+$/gm, "    type: feat");
    const verdict = readAndEvaluate(valid);
    if (!verdict?.ready) throw new Error(`the benchmark manifest should be valid and ready: ${verdict?.blockers.join("; ") ?? "it does not parse"}`);
    if (readAndEvaluate(invalidItem)?.items.find((i) => i.item === "docs")?.state !== "invalid") throw new Error("the invalid-item manifest should parse with docs invalid");
    if (readAndEvaluate(everyChangeInvalid) !== undefined) throw new Error("the manifest with invalid changes should not parse");

    const timings = timeInterleaved({
      yaml: () => parseYaml(valid),
      valid: () => readAndEvaluate(valid),
      invalidItem: () => readAndEvaluate(invalidItem),
      everyChangeInvalid: () => readAndEvaluate(everyChangeInvalid),
    }, { warmup: 3, iterations: 9 });
    const size = `${(Buffer.byteLength(valid, "utf8") / 1024).toFixed(0)} KiB, ${CHANGES} changes`;
    const ratio = (name: string, timing: { medianMs: number }): BenchResult => {
      const value = timing.medianMs / timings.yaml.medianMs;
      return { name: `${name}: ratio to yaml.parse`, value, unit: "x", target: `≤ ${TARGET_RATIO}x`, pass: value <= TARGET_RATIO };
    };
    const hostile = hostileInputs().flatMap(({ name, text }): BenchResult[] => {
      if (parseManifest(text, FILE).ok) throw new Error(`hostile input "${name}" should be refused`);
      const timing = time(() => parseManifest(text, FILE), { warmup: 1, iterations: 5 });
      return [
        { name: `${name}: refused in (median of ${timing.iterations})`, value: timing.medianMs, unit: "ms" },
        ratio(name, timing),
      ];
    });
    return [
      { name: `yaml.parse (${size}), median of ${timings.yaml.iterations}`, value: timings.yaml.medianMs, unit: "ms" },
      { name: `valid manifest, median of ${timings.valid.iterations}`, value: timings.valid.medianMs, unit: "ms" },
      ratio("valid manifest", timings.valid),
      { name: "one invalid item", value: timings.invalidItem.medianMs, unit: "ms" },
      ratio("one invalid item", timings.invalidItem),
      { name: "every change invalid", value: timings.everyChangeInvalid.medianMs, unit: "ms" },
      ratio("every change invalid", timings.everyChangeInvalid),
      ...hostile,
    ];
  },
};
