import type { Context, Probot } from "probot";
import type { z } from "zod";
import type { AppServices } from "../app/services.js";

/**
 * A signed delivery whose payload lacks what GitHub always sends. It is answered 400, not 200:
 * the delivery then shows as failed in the app's "Recent deliveries" on GitHub, where whoever runs
 * the app can see it and redeliver it, and the answer says which field is wrong. A 200 would say
 * it was handled when nothing was. @octokit/webhooks' middleware answers with this error's
 * `status` and `name: message`, so the message names the field and nothing of the app's insides.
 */
export class MalformedPayloadError extends Error {
  override readonly name = "MalformedPayload";
  readonly status = 400;
}

/** What a handler did, for the delivery's log line. */
export interface Handled {
  /** A few words: "ignored: title or body edit", "release: 3 writes", … */
  outcome: string;
  /** The PRs it was about, when the payload alone does not tell (a merge group, a re-run). */
  pr?: number | number[];
}

interface Envelope {
  repository: { name: string; owner: { login: string } };
  installation?: { id: number } | undefined;
}

/** A webhook event name such as "pull_request.opened", as `app.on` takes it. */
export type EventName = Exclude<Parameters<Probot["on"]>[0], readonly unknown[]>;

type Handle<E extends EventName, P> = (services: AppServices, context: Context<E>, payload: P) => Promise<Handled>;

/**
 * Wraps a handler: checks the payload against its schema (./payloads.ts) before the handler sees
 * it, hands the handler the typed payload, and logs one structured line per delivery (its id comes
 * with `context.log`) with the event, repository, PR and outcome, whether it succeeded or failed.
 */
export function webhookHandler<E extends EventName, S extends z.ZodType<Envelope>>(
  schema: S,
  handle: Handle<E, z.infer<S>>,
): (services: AppServices, context: Context<E>) => Promise<void> {
  return async (services, context) => {
    const started = performance.now();
    const event = eventName(context.name, context.payload);
    const payload = await checkedPayload(schema, context, event);
    const line = { event, repo: `${payload.repository.owner.login}/${payload.repository.name}`, pr: pullRequestOf(payload) };
    const ms = () => Math.round(performance.now() - started);
    let handled: Handled;
    try {
      handled = await handle(services, context, payload);
    } catch (error) {
      context.log.error({ ...line, outcome: "failed", error: error instanceof Error ? error.message : String(error), ms: ms() }, "delivery failed");
      throw error;
    }
    context.log.info({ ...line, ...(handled.pr !== undefined ? { pr: handled.pr } : {}), outcome: handled.outcome, ms: ms() }, "delivery");
  };
}

async function checkedPayload<E extends EventName, S extends z.ZodType<Envelope>>(
  schema: S,
  context: Context<E>,
  event: string,
): Promise<z.infer<S>> {
  const parsed = schema.safeParse(context.payload, { error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "missing" : undefined) });
  let problem = parsed.success ? undefined : parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
  // Actions event payloads carry no installation and the Action authenticates with its token; the
  // hosted app cannot act for a repository without one (Probot then hands out an unauthenticated
  // client). Asking either for its auth makes no request; Probot's token auth needs an options object.
  if (parsed.success && !parsed.data.installation && (await context.octokit.auth({ type: "installation" }) as { type?: string } | undefined)?.type === "unauthenticated") {
    problem = "installation: required";
  }
  if (problem !== undefined || !parsed.success) {
    context.log.warn({ event, outcome: "malformed", problem }, "delivery refused");
    throw new MalformedPayloadError(`the ${event} payload does not have the shape GitHub sends: ${problem}`);
  }
  return parsed.data;
}

function eventName(name: string, payload: unknown): string {
  const action = (payload as { action?: unknown } | null)?.action;
  return typeof action === "string" && /^[a-z_]{1,40}$/.test(action) ? `${name}.${action}` : name;
}

function pullRequestOf(payload: object): number | undefined {
  for (const key of ["pull_request", "issue"]) {
    const number = (payload as Record<string, { number?: unknown } | undefined>)[key]?.number;
    if (typeof number === "number") return number;
  }
  return undefined;
}
