/** `GET /rate_limit`: the core budget reports `FakeWorld.rateLimitRemaining`, which tests lower. */
import type { Reply, Routes } from "../http.js";
import type { FakeWorld } from "../world.js";

function getRateLimit(world: FakeWorld): Reply {
  const remaining = world.rateLimitRemaining;
  const core = { limit: 5000, remaining, used: 5000 - remaining, reset: Math.floor(Date.parse(world.now()) / 1000) + 3600 };
  const search = { limit: 30, remaining: 30, used: 0, reset: core.reset };
  return { status: 200, json: { resources: { core, search }, rate: core } };
}

export const rateLimitRoutes: Routes = {
  "rate-limit/get": getRateLimit,
};
