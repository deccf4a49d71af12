/** Check runs: only a GitHub App (through an installation token) may create them or update its own. */
import { GitHubError, paginate, validationFailed, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { checkAnnotationJson, checkRunJson } from "../representations/checks.js";
import { isFullSha } from "../git.js";
import { nextId, sameRepo, type CheckConclusion, type CheckStatus, type FakeCheckAnnotation, type FakeCheckRun } from "../state.js";
import type { FakeWorld } from "../world.js";
import { checkRunFromParams, repoFromParams } from "./params.js";

const MAX_ANNOTATIONS_PER_REQUEST = 50;

/** The fields shared by the create and update check run bodies. */
interface CheckRunWrite {
  name?: string;
  details_url?: string;
  external_id?: string;
  started_at?: string;
  status?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary: string; text?: string; annotations?: unknown[] };
}

function requireApp(request: ApiRequest): void {
  if (request.caller.kind !== "installation") throw new GitHubError(403, "You must authenticate via a GitHub App.");
}

function createCheckRun(world: FakeWorld, request: ApiRequest): Reply {
  requireApp(request);
  const repository = repoFromParams(world, request.params);
  const body = request.body as BodyOf<"checks", "create">;
  if (!world.state.commits[body.head_sha] || !isFullSha(body.head_sha)) throw validationFailed("CheckRun", "invalid", "head_sha", `No commit found for SHA: ${body.head_sha}`);
  const suite = world.checkSuiteFor(repository, body.head_sha);
  const run: FakeCheckRun = {
    id: nextId(world.state),
    repo: { owner: repository.owner, name: repository.name },
    checkSuiteId: suite.id,
    appId: world.state.app.id,
    name: body.name,
    headSha: body.head_sha,
    status: "queued",
    conclusion: null,
    startedAt: body.started_at ?? world.now(),
    completedAt: null,
    externalId: body.external_id ?? "",
    detailsUrl: body.details_url ?? null,
    output: { title: null, summary: null, text: null, annotations: [] },
  };
  applyCheckRunUpdate(world, run, body);
  world.state.checkRuns.push(run);
  return { status: 201, json: checkRunJson(world.state, run, world.urls) };
}

function updateCheckRun(world: FakeWorld, request: ApiRequest): Reply {
  requireApp(request);
  const run = checkRunFromParams(world, request.params);
  if (run.appId !== world.state.app.id) throw new GitHubError(403, "Invalid app_id: a check run can only be updated by the app that created it");
  applyCheckRunUpdate(world, run, request.body as BodyOf<"checks", "update">);
  return { status: 200, json: checkRunJson(world.state, run, world.urls) };
}

/** Apply a create or update body to a check run, as GitHub does (annotations accumulate). */
function applyCheckRunUpdate(world: FakeWorld, run: FakeCheckRun, body: CheckRunWrite): void {
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.started_at !== undefined) run.startedAt = body.started_at;
  const annotations = (body.output?.annotations ?? []) as FakeCheckAnnotation[];
  if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    throw validationFailed("CheckRun", "invalid", "output.annotations", `at most ${MAX_ANNOTATIONS_PER_REQUEST} annotations per request`);
  }
  if (body.conclusion !== undefined) {
    // "Providing conclusion will automatically set the status parameter to completed."
    run.conclusion = body.conclusion as CheckConclusion;
    run.status = "completed";
    run.completedAt = body.completed_at ?? world.now();
  } else if (body.status !== undefined) {
    if (body.status === "completed" && run.conclusion === null) {
      throw validationFailed("CheckRun", "missing_field", "conclusion", "conclusion is required when status is completed");
    }
    run.status = body.status as CheckStatus;
  }
  if (body.completed_at !== undefined && body.conclusion === undefined && run.conclusion === null) {
    throw validationFailed("CheckRun", "missing_field", "conclusion", "conclusion is required when completed_at is given");
  }
  if (body.output) {
    run.output.title = body.output.title ?? run.output.title;
    run.output.summary = body.output.summary;
    if (body.output.text !== undefined) run.output.text = body.output.text;
    run.output.annotations.push(...annotations);
  }
}

/** Runs on a ref, newest first; by default only the latest run of each name (`filter=latest`). */
function listForRef(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const sha = world.resolveRef(repository, request.params.ref ?? "");
  if (!sha) throw validationFailed("CheckRun", "invalid", "ref", `No commit found for SHA: ${request.params.ref ?? ""}`);
  const checkName = request.query.get("check_name");
  const status = request.query.get("status");
  const appId = request.query.get("app_id");
  const filter = request.query.get("filter") ?? "latest";
  let runs = world.state.checkRuns
    .filter((run) => sameRepo(run.repo, repository) && run.headSha === sha)
    .filter((run) => !checkName || run.name === checkName)
    .filter((run) => !status || run.status === status)
    .filter((run) => !appId || run.appId === Number(appId));
  if (filter === "latest") {
    // The most recent run of each name (per suite; the sandbox has one suite per app and commit).
    runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.checkSuiteId === run.checkSuiteId && other.id > run.id));
  }
  runs = [...runs].sort((a, b) => b.id - a.id);
  return paginate(request, runs.map((run) => checkRunJson(world.state, run, world.urls)), (page) => ({ total_count: runs.length, check_runs: page }));
}

export const checkRoutes: Routes = {
  "checks/create": createCheckRun,
  "checks/update": updateCheckRun,
  "checks/get": (world, request) => ({ status: 200, json: checkRunJson(world.state, checkRunFromParams(world, request.params), world.urls) }),
  "checks/list-annotations": (world, request) => {
    const run = checkRunFromParams(world, request.params);
    return paginate(request, run.output.annotations.map((_, index) => checkAnnotationJson(run, index, world.urls)));
  },
  "checks/list-for-ref": listForRef,
};
