import { describe, expect, it } from "vitest";
import { visibleLines } from "../../../src/domain/commands/visible-lines.js";

const texts = (body: string) => [...visibleLines(body)].map((l) => l.text);

describe("visibleLines", () => {
  it("gives each shown line with its 1-based line number and indent, skipping blank lines", () => {
    expect([...visibleLines("first\r\n\n  second")]).toEqual([
      { text: "first", indent: 0, line: 1 },
      { text: "  second", indent: 2, line: 3 },
    ]);
  });

  it("leaves out fenced code, block quotes with their lazy continuation, and HTML comments", () => {
    const body = ["shown", "```", "fenced", "```", "> quoted", "lazy continuation", "", "<!--", "hidden", "-->", "a <!-- b --> c"].join("\n");
    expect(texts(body)).toEqual(["shown", "a  c"]);
  });

  it("stops reading when the caller stops", () => {
    const lines = visibleLines("one\ntwo\nthree");
    expect(lines.next().value).toEqual({ text: "one", indent: 0, line: 1 });
    expect(lines.return(undefined).done).toBe(true);
  });
});
