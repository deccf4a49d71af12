import type { PullRequestVerdict } from "../evaluation/pull-request.js";
import type { Manifest } from "../manifest/schema.js";
import { codeSpan, escapeMarkdown, escapeMarkdownUrl } from "../markdown/escape.js";
import type { CatalogDiff } from "../registry/changes.js";

/**
 * docs/reference/checks-labels-comment.md#analytics-contract: what a release changes in the
 * analytics others rely on, stated where the release is judged. Per release: the events it adds,
 * changes (with the properties the catalog gained or lost for them between base and head) and
 * removes, the dashboards to update, and each campaign's holdout and exposure event. Built here as
 * data, rendered to Markdown below.
 */

export interface ChangedEventView {
  name: string;
  /** The properties the manifest declares for it now. */
  properties: string[];
  /** What the catalog gained and lost for it, base against head; null when the catalogs were not compared. */
  catalog: { propertiesAdded: string[]; propertiesRemoved: string[] } | null;
}

export interface CampaignContractView {
  label: string;
  holdoutPercent: number | null;
  exposureEvent: string | null;
}

export interface ReleaseContractView {
  release: string;
  /** Set when analytics is declared not applicable. */
  notApplicable: string | null;
  declared: boolean;
  added: Array<{ name: string; properties: string[] }>;
  changed: ChangedEventView[];
  removed: string[];
  dashboards: string[];
  campaigns: CampaignContractView[];
}

export interface AnalyticsContract {
  releases: ReleaseContractView[];
  /** The catalog at head against the base; null when it was not compared. */
  catalog: CatalogDiff | null;
}

export function analyticsContract(manifests: readonly Manifest[], catalog: CatalogDiff | null): AnalyticsContract {
  return { releases: manifests.map((m) => releaseContract(m, catalog)), catalog };
}

function releaseContract(manifest: Manifest, catalog: CatalogDiff | null): ReleaseContractView {
  const analytics = manifest.checklist.analytics;
  const campaigns = (manifest.campaigns ?? []).map((c) => ({
    label: c.label, holdoutPercent: c.holdout_percent ?? null, exposureEvent: c.exposure_event ?? null,
  }));
  const empty = { release: manifest.release, added: [], changed: [], removed: [], dashboards: [], campaigns };
  if (!analytics) return { ...empty, notApplicable: null, declared: false };
  if ("not_applicable" in analytics) return { ...empty, notApplicable: analytics.not_applicable, declared: true };
  return {
    release: manifest.release,
    notApplicable: null,
    declared: true,
    added: analytics.events.added.map((e) => ({ name: e.name, properties: [...e.properties] })),
    changed: analytics.events.changed.map((e) => {
      const inCatalog = catalog?.changed.find((c) => c.name === e.name);
      return {
        name: e.name,
        properties: [...e.properties],
        catalog: catalog ? { propertiesAdded: inCatalog?.propertiesAdded ?? [], propertiesRemoved: inCatalog?.propertiesRemoved ?? [] } : null,
      };
    }),
    removed: analytics.events.removed.map((e) => e.name),
    dashboards: [...analytics.dashboards],
    campaigns,
  };
}

const names = (list: readonly string[]) => list.map(codeSpan).join(", ");
const plain = (list: readonly string[]) => list.map(escapeMarkdown).join(", ");

function changedLine(event: ChangedEventView): string {
  if (!event.catalog) return `${codeSpan(event.name)} (properties now: ${plain(event.properties) || "none"}; the catalog was not compared with the base)`;
  const { propertiesAdded, propertiesRemoved } = event.catalog;
  const parts = [
    propertiesAdded.length ? `properties added: ${plain(propertiesAdded)}` : "",
    propertiesRemoved.length ? `properties removed: ${plain(propertiesRemoved)}` : "",
  ].filter(Boolean);
  return `${codeSpan(event.name)} (${parts.length ? parts.join("; ") : "no property changed in the catalog"})`;
}

function campaignLine(c: CampaignContractView): string {
  const holdout = c.holdoutPercent === null ? "no holdout" : `holdout ${c.holdoutPercent}%`;
  const exposure = c.exposureEvent === null ? "no exposure event" : `exposure event ${codeSpan(c.exposureEvent)}`;
  return `${codeSpan(c.label)}: ${holdout}, ${exposure}`;
}

/** One release's contract as a Markdown list. */
export function renderReleaseContract(view: ReleaseContractView): string[] {
  const lines: string[] = [];
  if (!view.declared) lines.push("- No analytics declared.");
  else if (view.notApplicable !== null) lines.push(`- Analytics not applicable: ${escapeMarkdown(view.notApplicable)}`);
  else {
    lines.push(`- Events added: ${view.added.length ? view.added.map((e) => `${codeSpan(e.name)} (${plain(e.properties) || "no properties"})`).join(", ") : "none"}`);
    lines.push(`- Events changed: ${view.changed.length ? view.changed.map(changedLine).join(", ") : "none"}`);
    lines.push(`- Events removed: ${view.removed.length ? names(view.removed) : "none"}`);
    lines.push(`- Dashboards to update: ${view.dashboards.length ? view.dashboards.map((d) => `[${escapeMarkdown(d)}](${escapeMarkdownUrl(d)})`).join(", ") : "none listed"}`);
  }
  if (view.campaigns.length) lines.push(`- Campaigns: ${view.campaigns.map(campaignLine).join("; ")}`);
  return lines;
}

/** The catalog's own change, base against head. */
export function renderCatalogChange(catalog: CatalogDiff | null): string {
  if (catalog === null) return "Event catalog: not compared with the base.";
  const { added, changed, removed } = catalog;
  if (added.length + changed.length + removed.length === 0) return "Event catalog (`readiness/events.yml`): unchanged by this PR.";
  const parts = [
    added.length ? `added ${names(added.map((e) => e.name))}` : "",
    changed.length ? `changed ${changed.map((c) => {
      const detail = [
        c.propertiesAdded.length ? `+${plain(c.propertiesAdded)}` : "",
        c.propertiesRemoved.length ? `−${plain(c.propertiesRemoved)}` : "",
        c.propertiesAdded.length + c.propertiesRemoved.length === 0 ? "description or owner" : "",
      ].filter(Boolean).join(" ");
      return `${codeSpan(c.name)} (${detail})`;
    }).join(", ")}` : "",
    removed.length ? `removed ${names(removed.map((e) => e.name))}` : "",
  ].filter(Boolean);
  return `Event catalog (\`readiness/events.yml\`), base → head: ${parts.join("; ")}.`;
}

/** The whole contract as a Markdown section for the Release readiness check and the summary comment. */
export function renderAnalyticsContract(contract: AnalyticsContract, heading = "## Analytics contract"): string {
  if (contract.releases.length === 0) return "";
  const lines = [heading, ""];
  for (const release of contract.releases) {
    lines.push(`**${escapeMarkdown(release.release)}**`, ...renderReleaseContract(release), "");
  }
  lines.push(renderCatalogChange(contract.catalog));
  return lines.join("\n");
}

/** The contract of every release a PR judges (deleted and invalid manifests state none). */
export function contractOfVerdict(verdict: Pick<PullRequestVerdict, "releases" | "catalogChanges">): AnalyticsContract {
  const manifests = verdict.releases.flatMap((r) => (r.change !== "removed" && r.manifest ? [r.manifest] : []));
  return analyticsContract(manifests, verdict.catalogChanges);
}
