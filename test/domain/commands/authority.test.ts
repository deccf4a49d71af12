import { describe, expect, it } from "vitest";
import { isBotActor } from "../../../src/domain/commands/authority.js";

describe("isBotActor", () => {
  it("knows a bot by its user type or by a login ending in [bot], in any case", () => {
    expect(isBotActor({ login: "renovate", type: "Bot" })).toBe(true);
    expect(isBotActor({ login: "renovate[bot]", type: "User" })).toBe(true);
    expect(isBotActor({ login: "Renovate[BOT]", type: "User" })).toBe(true);
    expect(isBotActor({ login: "robot", type: "User" })).toBe(false);
    expect(isBotActor({ login: "bot[bot]x", type: "User" })).toBe(false);
  });
});
