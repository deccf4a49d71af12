import { describe, expect, it } from "vitest";
import { statusHistoryNote } from "../../../src/domain/feed/board-view.js";

describe("the board says how far back its status changes go (docs/reference/feed.md#the-board)", () => {
  it.each([
    [{ from: "github" as const, depth: 10 }, "Status changes come from each manifest's latest 10 commits on the default branch; an earlier change is not shown."],
    [{ from: "git" as const, depth: null }, "Status changes come from each manifest's whole git history."],
    [{ from: "git" as const, depth: 5 }, "Status changes come from each manifest's latest 5 commits; an earlier change is not shown."],
    [{ from: "github" as const, depth: null }, "Status changes come from every commit of each manifest on the default branch."],
    [{ from: null, depth: null }, "Status changes are not shown: the manifests' history was not read (they are not in git)."],
  ])("%o", (history, note) => {
    expect(statusHistoryNote(history)).toBe(note);
  });
});
