import { evaluateRelease } from "../domain/evaluation/release.js";
import type { Ledger } from "../domain/ledger/ledger.js";
import type { Manifest } from "../domain/manifest/schema.js";
import { buildNotesViewModels, type NotesViewModel } from "../domain/notes/view-model.js";
import { defaultPolicy } from "../domain/policy/resolve.js";
import type { PromiseVersionChange } from "../domain/registry/changes.js";
import type { ReleasePromise } from "../domain/registry/schema.js";
import { CHANGE_TYPES, LIMITATION_KINDS, STATUSES, type Audience, type NotesLocale, type ReleaseStatus } from "../domain/vocabulary.js";

/**
 * Releases that exercise every branch a notes template is likely to have: each status, with every
 * kind of change, limitation, promise, waiver and a reader filter, and with nothing at all. A
 * template is rendered against all of them before it is accepted, so a mistake in a branch that
 * today's release does not reach still surfaces at once.
 */
const NOW = new Date("2026-06-01T12:00:00Z");

const SAMPLE_PROMISE: ReleasePromise = {
  id: "sample-promise",
  text: "Receipts arrive within a minute",
  conditions: ["card payments"],
  exceptions: ["bank transfers"],
  version: 1,
  owner: "@acme/payments",
  effective: "2026-01-01",
  metric: "receipt_latency_p95",
  channels: ["docs"],
  min_status: "beta",
};

/** The sample promise's version rose in the sample PR, so a template's "new version" branch is rendered too. */
const SAMPLE_CHANGE: PromiseVersionChange = { id: SAMPLE_PROMISE.id, from: 1, to: 2, changed: ["conditions"] };

function richManifest(status: ReleaseStatus): Manifest {
  return {
    version: 1,
    release: `sample-${status}`,
    title: "Sample release",
    status,
    owner: "@acme/payments",
    hypothesis: "Sample hypothesis",
    key_metric: "sample_metric",
    flag: "sample-flag",
    checklist: {
      analytics: { events: { added: [], changed: [], removed: [] }, dashboards: [] },
      docs: { url: "https://docs.example.com/sample" },
      monitoring: { dashboards: ["https://grafana.example.com/d/sample"], alerts: ["sample-alert"] },
      support_training: { date: "2026-05-01", materials: "https://wiki.example.com/sample" },
      rollback_plan: { steps: "Turn the flag off", tested: "2026-05-02" },
      segment_limits: { rollout_percent: status === "ga" ? 100 : 5, regions: ["EU"], plans: ["pro", "enterprise"] },
    },
    changes: [
      ...CHANGE_TYPES.map((type) => ({ title: `Sample ${type}`, type, description: "Sample description" })),
      { title: "Scoped change", type: "feature" as const, plans: ["enterprise"], regions: ["EU"], audiences: ["new", "existing", "enterprise", "support"] as Audience[] },
      { title: "Unreachable change", type: "improvement" as const, plans: ["free"] },
    ],
    limitations: LIMITATION_KINDS.map((kind, index) => ({
      kind,
      text: `Sample ${kind} limitation`,
      ...(index % 2 === 0 ? { workaround: "Sample workaround" } : {}),
    })),
    promises: ["sample-promise", "unknown-promise"],
    campaigns: [
      { label: "campaign:email", audience: "existing", holdout_percent: 10, exposure_event: "campaign_exposed" },
      { label: "campaign:in-app" },
    ],
  };
}

function sparseManifest(status: ReleaseStatus): Manifest {
  return {
    version: 1,
    release: `empty-${status}`,
    title: "Empty release",
    status,
    owner: "@acme",
    checklist: { segment_limits: { not_applicable: "Sample reason" } },
    changes: [],
  };
}

function sampleLedger(release: string): Ledger {
  return {
    entries: [{ kind: "waiver", release, item: "monitoring", by: "maintainer", at: "2026-05-30T00:00:00Z", until: "2026-06-10T00:00:00Z", reason: "Sample reason" }],
  };
}

const cache = new Map<string, NotesViewModel[]>();

export function sampleViewModels(audience: Audience, locale: NotesLocale): NotesViewModel[] {
  const key = `${audience}.${locale}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const policy = defaultPolicy();
  const promises = new Map([[SAMPLE_PROMISE.id, SAMPLE_PROMISE]]);
  const models: NotesViewModel[] = [];
  for (const status of STATUSES) {
    for (const manifest of [richManifest(status), sparseManifest(status)]) {
      const verdict = evaluateRelease(manifest, policy, sampleLedger(manifest.release), NOW, { promises });
      const base = { manifest, verdict, policy, locale, now: NOW, promises, promiseChanges: [SAMPLE_CHANGE] };
      models.push(...buildNotesViewModels(base, [audience]));
      models.push(...buildNotesViewModels({ ...base, reader: { plan: "free", region: "US" } }, [audience]));
    }
  }
  cache.set(key, models);
  return models;
}
