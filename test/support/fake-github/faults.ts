/**
 * Fault injection for the stand-in: GitHub misbehaving on purpose, deterministically.
 *
 * A `FaultPlan` says which share of eligible calls gets which fault: 500 or 502, a 403 secondary
 * rate limit (403 or 429) with `retry-after`, a 404 for a file deleted mid-flight, a slow answer, or a
 * connection reset. Whether a call is hit depends only on the seed, the call (method and path)
 * and how many times that call was made before, never on timing or on the order in which
 * concurrent deliveries interleave, so a failing run replays with the same seed.
 *
 * Every eligible call is written to `log` with the time it arrived and the fault it got, so a
 * test can measure retry timing from the stand-in's side (for example that a retry after a 403
 * came at least `retry-after` later) instead of timing the app with a wall clock.
 *
 * The stand-in calls `Faults.intercept` once per request, after validation and authentication
 * and before the route runs (test/support/fake-github/fake-github.ts); that is the only hook.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { DOCS, writeReply, type Reply } from "./http.js";

export type FaultKind = "500" | "502" | "secondary-rate-limit" | "vanished" | "slow" | "reset";

export interface FaultPlan {
  /** Same seed, same calls: same faults. */
  seed: number;
  /** Share (0 to 1) of eligible calls answered 500 (half of them) or 502 (the other half). */
  serverErrors?: number;
  /** Share of eligible calls answered 403 "You have exceeded a secondary rate limit" with `retry-after`. */
  secondaryRateLimit?: number;
  /** The `retry-after` header of those answers, in seconds (GitHub sends whole seconds). */
  retryAfterSeconds?: number;
  /** Their status: GitHub answers a secondary rate limit with 403 or 429 (403 unless told). */
  rateLimitStatus?: 403 | 429;
  /** Share of eligible calls answered only after `slowMs`. */
  slow?: number;
  slowMs?: number;
  /** Share of eligible calls whose connection is destroyed before any answer. */
  resets?: number;
  /**
   * Files deleted mid-flight: a contents read of one of these paths answers 404, although the PR's
   * file list (read a moment earlier) still shows it. Every such read, not a share.
   */
  vanishedPaths?: readonly string[];
  /** Which calls may be hit; by default every call to a repository (`/repos/...`), not token exchanges. */
  eligible?: (call: { method: string; path: string }) => boolean;
}

export interface FaultLogEntry {
  /** `performance.now()` when the request arrived. */
  at: number;
  method: string;
  path: string;
  /** The fault it got, or null when it was served normally. */
  fault: FaultKind | null;
}

const defaultEligible = (call: { method: string; path: string }) => call.path.startsWith("/repos/");

function contentsPath(path: string): string | undefined {
  const match = /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/.exec(path);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export class Faults {
  readonly log: FaultLogEntry[] = [];
  private readonly seen = new Map<string, number>();

  constructor(readonly plan: FaultPlan) {}

  /** A number in [0, 1) fixed by the seed, the call and how many times it was made before. */
  private draw(method: string, path: string): number {
    const key = `${method} ${path}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    const digest = createHash("sha256").update(`${this.plan.seed}\0${key}\0${n}`).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
  }

  /** The fault for this call, if any. Shares are laid end to end on [0, 1) in a fixed order. */
  decide(method: string, path: string): FaultKind | null {
    const plan = this.plan;
    if (!(plan.eligible ?? defaultEligible)({ method, path })) return null;
    const file = method === "GET" ? contentsPath(path) : undefined;
    if (file !== undefined && plan.vanishedPaths?.includes(file)) return "vanished";
    const roll = this.draw(method, path);
    let edge = 0;
    for (const [share, kind] of [
      [(plan.serverErrors ?? 0) / 2, "500"],
      [(plan.serverErrors ?? 0) / 2, "502"],
      [plan.secondaryRateLimit ?? 0, "secondary-rate-limit"],
      [plan.resets ?? 0, "reset"],
      [plan.slow ?? 0, "slow"],
    ] as const) {
      edge += share;
      if (roll < edge) return kind;
    }
    return null;
  }

  /**
   * Applies the fault for one request. Returns the status it answered with (0 for a reset) when
   * the request was answered here, or null when the route should serve it (after any delay).
   */
  async intercept(request: IncomingMessage, response: ServerResponse, method: string, path: string): Promise<number | null> {
    const fault = this.decide(method, path);
    this.log.push({ at: performance.now(), method, path, fault });
    const reply = (status: number, message: string, headers?: Record<string, string>): number => {
      const answer: Reply = { status, json: { message, documentation_url: DOCS, status: String(status) }, ...(headers ? { headers } : {}) };
      writeReply(response, answer);
      return status;
    };
    switch (fault) {
      case null:
        return null;
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, this.plan.slowMs ?? 200));
        return null;
      case "500":
        return reply(500, "Server Error");
      case "502":
        return reply(502, "Server Error");
      case "secondary-rate-limit":
        // GitHub's words (the throttling plugin matches "secondary rate") and its headers.
        return reply(this.plan.rateLimitStatus ?? 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", {
          "retry-after": String(this.plan.retryAfterSeconds ?? 1),
        });
      case "vanished":
        return reply(404, "Not Found");
      case "reset":
        request.socket.destroy();
        return 0;
    }
  }

  /** Log entries for one call, in order of arrival. */
  callsTo(method: string, path: string): FaultLogEntry[] {
    return this.log.filter((entry) => entry.method === method && entry.path === path);
  }
}
