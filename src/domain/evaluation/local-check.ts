import type { CampaignDecision } from "./campaign-gate.js";
import type { ItemState, ItemVerdict } from "./checklist-items.js";
import { duplicateReleaseMessage, releaseDeclarations, type DeclaredRelease, type DuplicateRelease } from "./duplicate-releases.js";
import { evaluateRelease } from "./release.js";
import type { RuleId } from "./rules.js";
import { EMPTY_LEDGER } from "../ledger/ledger.js";
import { parseManifest, type ParsedManifest } from "../manifest/parse.js";
import { defaultPolicy, resolvePolicy } from "../policy/resolve.js";
import type { Policy } from "../policy/schema.js";
import { formatKeyPath, fileProblem, type KeyPath, type Problem } from "../source/problems.js";
import { parseEventCatalog, parsePromiseRegistry, strictestPromises, type Parsed } from "../registry/parse.js";
import type { EventCatalog, ReleasePromise } from "../registry/schema.js";
import { isRecord, sortProblems } from "../source/validation.js";
import type { ChecklistItem, ReleaseStatus } from "../vocabulary.js";
import { parseYamlSource, problemAt, type Locator } from "../source/yaml-source.js";
import { compareCatalog, comparePromiseRegistry, emptyComparison, type LocalBase, type LocalComparison, type RegistryUsers } from "./local-base.js";

/**
 * Checking release manifests on disk (the `readiness check` command), as a pure function: the
 * caller reads the files, this parses, evaluates and reports. The report is also the command's
 * JSON output, so its shape is a contract: every key is always present (null or empty when there
 * is nothing), and `version` changes if a key ever changes meaning.
 */

/** A file as the caller read it: its text, or why it could not be read. */
export type LocalSource = { file: string; text: string } | { file: string; error: string };

export interface LocalManifestInput {
  source: LocalSource;
  /** The promise registry this manifest is checked against; null when there is none. */
  promises: LocalSource | null;
  /** The event catalog this manifest is checked against; null when there is none. */
  events: LocalSource | null;
}

export interface LocalCheckInput {
  /** The policy file, or null for the built-in defaults. */
  policy: LocalSource | null;
  manifests: readonly LocalManifestInput[];
  /** PR labels to decide campaigns for, as if they were on a release PR. */
  labels: readonly string[];
  now: Date;
  /** Problems found while looking for the files (an argument that matches nothing, for instance). */
  inputProblems?: readonly Problem[];
  /** The registries at an earlier version (`--base`, `--base-ref`); without it those comparisons are skipped. */
  base?: LocalBase | null;
  /**
   * Registries to check on their own, with no manifest (given registries only, with a base), as
   * the app checks a PR that changes only them (docs/reference/cli.md#registries-on-their-own).
   */
  registriesOnly?: ReadonlyArray<Omit<LocalManifestInput, "source">>;
  /** Manifests that are not judged but still rely on their registries: nothing they list may be removed. */
  referring?: readonly LocalManifestInput[];
}

export const LOCAL_CHECK_REPORT_VERSION = 1 as const;

export type LocalCheckResult = "ready" | "not_ready" | "invalid";

export interface LocalCheckReport {
  version: typeof LOCAL_CHECK_REPORT_VERSION;
  /** `invalid` when any input has an error, else `not_ready` when any release is not ready. */
  result: LocalCheckResult;
  /** 0 ready, 1 not ready, 2 invalid input. */
  /** 2 invalid input; 1 a release is not ready or a campaign label given with --labels is blocked; 0 otherwise. */
  exitCode: 0 | 1 | 2;
  /** Campaign labels among `labels` that some release blocks. */
  blockedLabels: string[];
  /** The instant dates were compared with (ISO 8601). */
  evaluatedAt: string;
  /** The policy file used; `file` is null for the built-in defaults. */
  policy: { file: string | null; valid: boolean };
  labels: string[];
  releases: LocalReleaseReport[];
  /** Every problem in every input (policy, registries, manifests, arguments), sorted by file and line. */
  problems: Problem[];
  counts: { releases: number; ready: number; notReady: number; invalid: number };
  /**
   * The registries compared with their base versions: `base` is null when no base was given, and
   * then promise versions and catalog changes were not checked.
   */
  comparison: LocalComparison;
}

export interface LocalReleaseReport {
  file: string;
  /** The manifest parsed and matched the schema (item-level problems aside, which make it not ready). */
  valid: boolean;
  /** Valid, every required item met and every rule kept, and its registries are valid. */
  ready: boolean;
  release: string | null;
  title: string | null;
  status: ReleaseStatus | null;
  owner: string | null;
  /** Items the policy requires at this status. */
  requires: ChecklistItem[];
  items: LocalItemReport[];
  rules: LocalRuleReport[];
  /** Why the release is not ready, in the order to fix them. */
  blockers: string[];
  /** A decision for each campaign label among `labels`. */
  campaigns: CampaignDecision[];
  /** Advice that does not block. */
  notes: string[];
  promisesFile: string | null;
  eventsFile: string | null;
  /** Problems in this manifest file. */
  problems: Problem[];
}

export interface LocalPosition {
  line: number;
  column: number;
}

export interface LocalItemReport extends LocalPosition {
  item: ChecklistItem;
  required: boolean;
  state: ItemState;
  satisfied: boolean;
  reason: string;
  findings: Array<LocalPosition & { key: string; message: string }>;
}

export interface LocalRuleReport extends LocalPosition {
  id: RuleId;
  ok: boolean;
  message: string;
}

function sourceProblem(source: LocalSource & { error: string }): Problem {
  return fileProblem(source.file, source.error);
}

export { tooLargeMessage } from "../source/yaml-source.js";

type PolicyOutcome = { ok: true; policy: Policy; problems: Problem[] } | { ok: false; problems: Problem[] };

function readPolicy(source: LocalSource | null): PolicyOutcome {
  if (source === null) return { ok: true, policy: defaultPolicy(), problems: [] };
  if ("error" in source) return { ok: false, problems: [sourceProblem(source)] };
  const yaml = parseYamlSource(source.text, source.file);
  if (!yaml.ok) return { ok: false, problems: yaml.problems };
  const warnings: Problem[] = [];
  if (isRecord(yaml.value) && "_extends" in yaml.value) {
    warnings.push(problemAt(source.file, yaml.locate, ["_extends"],
      "_extends is followed by the GitHub App (Probot's config loader), not by the CLI: only this file's own keys are used here",
      { target: "key", severity: "warning" }));
  }
  const resolved = resolvePolicy(yaml.value, source.file, yaml.locate);
  return resolved.ok ? { ok: true, policy: resolved.policy, problems: warnings } : { ok: false, problems: [...resolved.problems, ...warnings] };
}

interface RegistryOutcome<T> {
  /** null: there is none; undefined: it exists but could not be read (not checked). */
  value: T | null | undefined;
  problems: Problem[];
}

function readRegistry<D, T>(
  source: LocalSource | null,
  parse: (text: string, file: string) => Parsed<D>,
  use: (parsed: Parsed<D> & { ok: true }, file: string) => { value: T; problems: Problem[] },
): RegistryOutcome<T> {
  if (source === null) return { value: null, problems: [] };
  if ("error" in source) return { value: undefined, problems: [sourceProblem(source)] };
  const parsed = parse(source.text, source.file);
  return parsed.ok ? use(parsed, source.file) : { value: undefined, problems: parsed.problems };
}

const position = (locate: Locator, path: KeyPath, target: "key" | "value" = "key"): LocalPosition => {
  const at = locate(path, target);
  return { line: at.line, column: at.column };
};

/** Parses, evaluates and reports every manifest; see `LocalCheckReport` for what comes back. */
export function checkLocalFiles(input: LocalCheckInput): LocalCheckReport {
  const problems: Problem[] = [...(input.inputProblems ?? [])];
  const policyOutcome = readPolicy(input.policy);
  problems.push(...policyOutcome.problems);
  const base = {
    version: LOCAL_CHECK_REPORT_VERSION,
    evaluatedAt: input.now.toISOString(),
    policy: { file: input.policy?.file ?? null, valid: policyOutcome.ok },
    labels: [...input.labels],
  };
  if (!policyOutcome.ok) {
    // A broken policy never falls back to a laxer default: nothing is judged.
    return finish({ ...base, releases: [], problems, comparison: emptyComparison(input.base) });
  }
  // Against a base, a catalog change is judged by every manifest that uses the catalog, so all are
  // parsed first. Without one, each manifest is judged as soon as it is parsed, so its YAML document
  // (kept for positions) is garbage before the next is read: 5,000 held at once cost hundreds of megabytes.
  const parsedFirst = input.base ? input.manifests.map((manifestInput) => parseLocalManifest(manifestInput.source)) : undefined;
  const comparison = emptyComparison(input.base);
  const checked = parsedFirst?.map((parsed, index) => ({ manifestInput: input.manifests[index]!, parsed })) ?? [];
  const referring = (input.referring ?? []).map((manifestInput) => ({ manifestInput, parsed: parseLocalManifest(manifestInput.source) }));
  const users = (kind: "promises" | "events", file: string): RegistryUsers => {
    const using = (list: typeof referring) => list.flatMap((m) => (m.parsed.ok && m.manifestInput[kind]?.file === file ? [m.parsed.manifest] : []));
    return { checked: using(checked), referring: using(referring) };
  };
  const context: ManifestCheckContext = {
    policy: policyOutcome.policy,
    registries: registryReader(problems, { base: input.base, comparison, users }),
    labels: input.labels,
    now: input.now,
  };
  const declare = releaseDeclarations<DeclaredRelease>();
  const releases = input.manifests.map((manifestInput, index) => {
    const parsed = parsedFirst?.[index] ?? parseLocalManifest(manifestInput.source);
    const duplicate = parsed.ok ? declare({ path: manifestInput.source.file, release: parsed.manifest.release }) : undefined;
    return checkManifest(manifestInput, parsed, duplicate, context);
  });
  for (const release of releases) problems.push(...release.problems);
  for (const registries of input.registriesOnly ?? []) {
    context.registries.promises(registries.promises);
    context.registries.catalog(registries.events);
    comparison.registriesOnly.push(...[registries.promises, registries.events].flatMap((s) => (s ? [s.file] : [])));
  }
  return finish({ ...base, releases, problems, comparison });
}

function parseLocalManifest(source: LocalSource): ParsedManifest {
  return "error" in source
    ? { ok: false, file: source.file, problems: [sourceProblem(source)] }
    : parseManifest(source.text, source.file);
}

interface RegistryReader {
  promises(source: LocalSource | null): RegistryOutcome<ReadonlyMap<string, ReleasePromise>>;
  catalog(source: LocalSource | null): RegistryOutcome<EventCatalog>;
}

interface BaseContext {
  base: LocalBase | null | undefined;
  comparison: LocalComparison;
  /** The manifests read with a registry file: those checked against it, whose declarations its changes must match, and those referring to it. */
  users: (kind: "promises" | "events", file: string) => RegistryUsers;
}

/**
 * Reads each registry file once, however many manifests are checked against it, so its problems
 * are added to `problems` once. With a base, each is compared with its base version there too.
 */
function registryReader(problems: Problem[], { base, comparison, users }: BaseContext): RegistryReader {
  const onceEach = <D, T>(parse: (text: string, file: string) => Parsed<D>, use: (parsed: Parsed<D> & { ok: true }, file: string) => { value: T; problems: Problem[] }) => {
    const byFile = new Map<string, RegistryOutcome<T>>();
    return (source: LocalSource | null): RegistryOutcome<T> => {
      if (source === null) return { value: null, problems: [] };
      let outcome = byFile.get(source.file);
      if (!outcome) {
        outcome = readRegistry(source, parse, use);
        byFile.set(source.file, outcome);
        problems.push(...outcome.problems);
      }
      return outcome;
    };
  };
  return {
    promises: onceEach(parsePromiseRegistry, (registry, file) => {
      const compared = comparePromiseRegistry(registry, file, users("promises", file), base, comparison);
      return { value: strictestPromises(compared.base, registry.data), problems: compared.problems };
    }),
    catalog: onceEach(parseEventCatalog, (catalog, file) => ({
      value: catalog.data,
      problems: compareCatalog(catalog, file, users("events", file), base, comparison),
    })),
  };
}

/** What every manifest is checked with. */
interface ManifestCheckContext {
  policy: Policy;
  registries: RegistryReader;
  labels: readonly string[];
  now: Date;
}

function checkManifest(
  manifestInput: LocalManifestInput,
  parsed: ParsedManifest,
  duplicate: DuplicateRelease<DeclaredRelease> | undefined,
  context: ManifestCheckContext,
): LocalReleaseReport {
  const { source } = manifestInput;
  const promises = context.registries.promises(manifestInput.promises);
  const catalog = context.registries.catalog(manifestInput.events);
  const registriesValid = promises.problems.length === 0 && catalog.problems.length === 0;
  const report = unjudgedReport(manifestInput, parsed);
  if (!parsed.ok) return report;

  const { manifest, locate } = parsed;
  if (duplicate) report.problems.push(problemAt(source.file, locate, ["release"], duplicateReleaseMessage(duplicate)));

  const verdict = evaluateRelease(manifest, context.policy, EMPTY_LEDGER, context.now, {
    labels: context.labels,
    promises: promises.value,
    catalog: catalog.value,
    itemProblems: parsed.itemProblems,
  });
  const fileHasErrors = report.problems.some((p) => p.severity === "error");
  return {
    ...report,
    ready: verdict.ready && !fileHasErrors && registriesValid,
    release: verdict.release,
    title: verdict.title,
    status: verdict.status,
    owner: verdict.owner,
    requires: [...context.policy.statuses[verdict.status].requires],
    items: verdict.items.map((item) => itemReport(item, locate)),
    rules: verdict.rules.map((rule) => ({ id: rule.id, ok: rule.ok, message: rule.message, ...position(locate, rule.path, "value") })),
    blockers: [...verdict.blockers],
    campaigns: verdict.campaigns,
    notes: [...verdict.notes],
  };
}

/** A manifest's report before it is judged: every key present, nothing ready. */
function unjudgedReport(manifestInput: LocalManifestInput, parsed: ParsedManifest): LocalReleaseReport {
  return {
    file: manifestInput.source.file,
    valid: parsed.ok,
    ready: false,
    release: null,
    title: null,
    status: null,
    owner: null,
    requires: [],
    items: [],
    rules: [],
    blockers: [],
    campaigns: [],
    notes: [],
    promisesFile: manifestInput.promises?.file ?? null,
    eventsFile: manifestInput.events?.file ?? null,
    problems: [...parsed.problems],
  };
}

function itemReport(item: ItemVerdict, locate: Locator): LocalItemReport {
  return {
    item: item.item,
    required: item.required,
    state: item.state,
    satisfied: item.satisfied,
    reason: item.reason,
    ...position(locate, item.path),
    findings: item.findings.map((finding) => ({
      key: formatKeyPath(finding.path),
      message: finding.message,
      ...position(locate, finding.path, "value"),
    })),
  };
}

function finish(report: Omit<LocalCheckReport, "result" | "exitCode" | "counts" | "blockedLabels">): LocalCheckReport {
  const problems = sortProblems(report.problems);
  const invalid = report.releases.filter((r) => !r.valid).length;
  const ready = report.releases.filter((r) => r.ready).length;
  const hasErrors = problems.some((p) => p.severity === "error");
  // Registries checked on their own (no release) are ready when they check out.
  const result: LocalCheckResult = hasErrors || (report.releases.length === 0 && report.comparison.registriesOnly.length === 0)
    ? "invalid"
    : ready === report.releases.length ? "ready" : "not_ready";
  // A label the gate would block fails the run even when every release is ready: in CI a green
  // step would read as "this campaign may go out".
  const blockedLabels = [...new Set(report.releases.flatMap((r) => r.campaigns.filter((d) => !d.allowed).map((d) => d.label)))];
  return {
    version: report.version,
    result,
    exitCode: result === "invalid" ? 2 : result === "not_ready" || blockedLabels.length > 0 ? 1 : 0,
    blockedLabels,
    evaluatedAt: report.evaluatedAt,
    policy: report.policy,
    labels: report.labels,
    releases: report.releases,
    problems,
    counts: { releases: report.releases.length, ready, notReady: report.releases.length - ready - invalid, invalid },
    comparison: report.comparison,
  };
}
