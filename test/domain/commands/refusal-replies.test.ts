import { describe, expect, it } from "vitest";
import { recordRefusalReply, shouldReplyToRefusal } from "../../../src/domain/commands/refusal-replies.js";

const NOW = new Date("2026-12-01T12:00:00Z");

describe("refusal replies: at most one an hour per person per PR", () => {
  it("replies the first time, not again within the hour, and again after it", () => {
    expect(shouldReplyToRefusal([], "wes", NOW)).toBe(true);
    const history = recordRefusalReply([], "wes", NOW);
    expect(shouldReplyToRefusal(history, "Wes", new Date(NOW.getTime() + 59 * 60_000))).toBe(false);
    expect(shouldReplyToRefusal(history, "wes", new Date(NOW.getTime() + 60 * 60_000))).toBe(true);
    expect(shouldReplyToRefusal(history, "dora", NOW)).toBe(true);
  });

  it("keeps only the last hour, one entry per person", () => {
    let history = recordRefusalReply([], "wes", NOW);
    history = recordRefusalReply(history, "dora", new Date(NOW.getTime() + 30 * 60_000));
    history = recordRefusalReply(history, "WES", new Date(NOW.getTime() + 80 * 60_000));
    expect(history).toEqual([{ login: "dora", at: "2026-12-01T12:30:00.000Z" }, { login: "WES", at: "2026-12-01T13:20:00.000Z" }]);
    history = recordRefusalReply(history, "ann", new Date(NOW.getTime() + 200 * 60_000));
    expect(history.map((h) => h.login)).toEqual(["ann"]);
  });
});
