import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readTicketFile } from "../src/cli/sensor-tickets.js";
import { parseManifest } from "../src/domain/manifest/parse.js";
import { defaultPolicy } from "../src/domain/policy/resolve.js";
import { parsePromiseRegistry } from "../src/domain/registry/parse.js";
import { sensorRelease, type SensorPromise, type SensorRelease } from "../src/domain/sensor/candidates.js";
import { classifyTicket, type SensorCatalogue } from "../src/domain/sensor/classify.js";
import { createDetector } from "../src/domain/sensor/detect.js";
import { CORPUS_RELEASE_DIRS, CORPUS_RELEASES_CHANGED_AT, readCorpus, type CorpusPart, type LabelledTicket } from "../test/fixtures/sensor/corpus.js";
import { timeInterleaved, type BenchModule, type BenchResult } from "./measure.js";

/**
 * The sensor on its labelled corpus (test/fixtures/sensor/): precision and recall of mismatch
 * detection and release attribution (the share of true mismatches found whose first-ranked release
 * is the labelled one), per language, on the held-out part (targets from the issue) and, for
 * context, on the tuning part; and the time to classify 10,000 tickets as a ratio to reading and
 * splitting the same CSV file.
 */

const TARGETS = { precision: 0.9, recall: 0.8, attribution: 0.8 };
const SCALE = 10_000;

function catalogue(): SensorCatalogue {
  const policy = defaultPolicy();
  const releases: SensorRelease[] = [];
  const promises = new Map<string, SensorPromise>();
  for (const dir of CORPUS_RELEASE_DIRS) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".yml")).sort()) {
      const text = readFileSync(join(dir, name), "utf8");
      if (name === "events.yml") continue;
      if (name === "promises.yml") {
        const registry = parsePromiseRegistry(text, join(dir, name));
        if (registry.ok) for (const promise of registry.data.promises) promises.set(promise.id, promise);
        continue;
      }
      const parsed = parseManifest(text, join(dir, name));
      if (parsed.ok) releases.push(sensorRelease(parsed.manifest, policy, CORPUS_RELEASES_CHANGED_AT));
    }
  }
  return { releases, promises, windowDays: policy.sensor.window_days };
}

interface Scores {
  precision: number;
  recall: number;
  attribution: number;
}

function score(tickets: readonly LabelledTicket[], known: SensorCatalogue): Scores {
  const detector = createDetector();
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let attributed = 0;
  for (const ticket of tickets) {
    const verdict = classifyTicket(detector, { subject: ticket.subject, body: ticket.body, createdAt: new Date(ticket.created_at) }, known);
    if (verdict.mismatch && ticket.label.mismatch) {
      truePositives++;
      if ((verdict.releases[0] ?? null) === ticket.label.release) attributed++;
    } else if (verdict.mismatch) falsePositives++;
    else if (ticket.label.mismatch) falseNegatives++;
  }
  return {
    precision: truePositives / Math.max(1, truePositives + falsePositives),
    recall: truePositives / Math.max(1, truePositives + falseNegatives),
    attribution: attributed / Math.max(1, truePositives),
  };
}

function accuracyRows(part: CorpusPart, known: SensorCatalogue): BenchResult[] {
  const tickets = readCorpus(part);
  const rows: BenchResult[] = [];
  for (const language of ["en", "ru"] as const) {
    const scores = score(tickets.filter((t) => t.language === language), known);
    for (const measure of ["precision", "recall", "attribution"] as const) {
      const value = scores[measure];
      const held = part === "held-out";
      rows.push({
        name: `${part} ${language}: ${measure === "attribution" ? "release attribution" : `detection ${measure}`}`,
        value,
        unit: "",
        ...(held ? { target: `≥ ${TARGETS[measure]}`, pass: value >= TARGETS[measure] } : {}),
      });
    }
  }
  return rows;
}

/** 10,000 tickets as a help desk exports them: the corpus repeated, each with its own id. */
function largeExport(): string {
  const corpus = [...readCorpus("tuning"), ...readCorpus("held-out")];
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const rows = ["id,created_at,subject,body,tags"];
  for (let i = 0; i < SCALE; i++) {
    const ticket = corpus[i % corpus.length]!;
    rows.push([`T-${i}`, ticket.created_at, quote(ticket.subject), quote(ticket.body), "support"].join(","));
  }
  return rows.join("\n");
}

export const bench: BenchModule = {
  title: "sensor",
  async run() {
    const known = catalogue();
    const rows = [...accuracyRows("held-out", known), ...accuracyRows("tuning", known)];
    const csv = largeExport();
    const detector = createDetector();
    const timing = timeInterleaved({
      read: () => readTicketFile(csv, "tickets.csv"),
      classify: () => {
        const file = readTicketFile(csv, "tickets.csv");
        if (!file.ok) throw new Error(file.message);
        for (const ticket of file.tickets) classifyTicket(detector, ticket, known);
      },
    }, { warmup: 1, iterations: 3 });
    rows.push(
      { name: `read and split ${SCALE.toLocaleString("en")} tickets (CSV)`, value: timing.read.medianMs, unit: "ms" },
      { name: `read, split and classify ${SCALE.toLocaleString("en")} tickets`, value: timing.classify.medianMs, unit: "ms" },
      { name: "classify ÷ read and split", value: timing.classify.medianMs / timing.read.medianMs, unit: "x" },
    );
    return rows;
  },
};
