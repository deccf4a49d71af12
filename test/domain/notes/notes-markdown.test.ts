import fc from "fast-check";
import { Marked } from "marked";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown, escapeMarkdownUrl } from "../../../src/domain/markdown/escape.js";
import { fitWithinLimit, splitWithinLimit } from "../../../src/domain/markdown/limit.js";

const marked = new Marked({ gfm: true, async: false });
const render = (markdown: string) => marked.parse(markdown, { async: false });
const ZWSP = "\u200b";

/** The text a reader sees in marked's HTML: tags dropped, entities decoded, zero-width spaces gone. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(new RegExp(ZWSP, "g"), "")
    .trim();
}

describe("escapeMarkdown", () => {
  it("makes HTML inert", () => {
    const out = escapeMarkdown('<script>alert(1)</script><img src=x onerror="y"><!-- c -->');
    expect(out).not.toMatch(/<(?!br>)/);
    expect(render(out)).not.toMatch(/<(script|img|!--)/);
    expect(visibleText(render(out))).toBe('<script>alert(1)</script><img src=x onerror="y"><!-- c -->');
  });

  it("keeps entities literal", () => {
    expect(visibleText(render(escapeMarkdown("&amp; &lt;b&gt; &#64;")))).toBe("&amp; &lt;b&gt; &#64;");
  });

  it("stops @mentions from pinging but leaves e-mail addresses alone", () => {
    const out = escapeMarkdown("ping @octocat, @acme/core and (@team); mail ops@example.com");
    expect(out).toContain(`@${ZWSP}octocat`);
    expect(out).toContain(`@${ZWSP}acme/core`);
    expect(out).toContain(`\\(@${ZWSP}team\\)`);
    expect(out).toContain("ops@example.com");
    expect(out).not.toMatch(/(^|[^A-Za-z0-9])@[A-Za-z0-9]/);
  });

  it("escapes Markdown syntax, mustaches and math", () => {
    const text = "**bold** _em_ `code` [a](https://x.test) ![i](https://x.test/i.png) ~~s~~ $x$ | c | {{slug}} {{{raw}}}";
    const out = escapeMarkdown(text);
    expect(out).not.toContain("{{");
    const html = render(out);
    expect(html).not.toMatch(/<(strong|em|code|a|img|del)\b/);
    expect(visibleText(html)).toBe(text);
  });

  it("keeps bare URLs as plain text, so no escape shows inside an autolink", () => {
    const text = "see https://x.test/a_(b)?q=*1* and www.example.com/~me";
    const html = render(escapeMarkdown(text));
    expect(html).not.toContain("<a");
    expect(visibleText(html)).toBe(text);
  });

  it("escapes line-start markers so text never becomes a list, heading or quote", () => {
    for (const text of ["- item", "+ item", "* item", "1. first", "2) second", "# heading", "> quote", "=== under", "---"]) {
      const html = render(escapeMarkdown(text));
      expect(html, text).toMatch(/^<p>/);
      expect(visibleText(html), text).toBe(text);
    }
  });

  it("keeps line breaks as <br> and blank lines as a double break, in one Markdown line", () => {
    const out = escapeMarkdown("one\r\ntwo\n\n\nthree  \n");
    expect(out).toBe("one<br>two<br><br>three");
    expect(out).not.toContain("\n");
  });

  it("removes control characters and bidirectional overrides", () => {
    expect(escapeMarkdown("a\u0000b\u0007c\u202ed\u2066e\u007f\tf")).toBe("abcde f");
  });

  it("round-trips any single line through Markdown exactly (property)", () => {
    const alphabet = fc.constantFrom(..."abchtpwxyz019 \\`*_{}[]()#+-.!|~$<>&@\"':=^%/;?".split(""));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (text) => {
        const html = render(escapeMarkdown(text));
        const trimmed = text.trim();
        if (trimmed === "") return html === "";
        return /^<p>/.test(html) && !/<(?!\/?p>)/.test(html.replace(/<a href="mailto:[^"]*">|<\/a>/g, "")) && visibleText(html) === trimmed;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("escapeMarkdownUrl", () => {
  it("keeps an ordinary URL as it is", () => {
    expect(escapeMarkdownUrl("https://docs.example.com/checkout")).toBe("https://docs.example.com/checkout");
  });

  it("encodes what could end a link destination or ping, and protects & from entity decoding", () => {
    const out = escapeMarkdownUrl("https://x.test/a_(b)/@me?q=1&copy=2#h");
    expect(out).toBe("https://x.test/a_%28b%29/%40me?q=1&amp;copy=2#h");
    const html = render(`[docs](${out})`);
    expect(html).toContain('href="https://x.test/a_%28b%29/%40me?q=1&amp;copy=2#h"');
  });

  it("refuses anything but http(s) URLs, and URLs with credentials", () => {
    expect(escapeMarkdownUrl("javascript:alert(1)")).toBe("");
    expect(escapeMarkdownUrl("data:text/html,hi")).toBe("");
    expect(escapeMarkdownUrl("https://user:pw@x.test/")).toBe("");
    expect(escapeMarkdownUrl("not a url")).toBe("");
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML specials", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("fitWithinLimit", () => {
  const sections = Array.from({ length: 40 }, (_, i) => `## Section ${i}\n\n${"word ".repeat(60).trim()}\n`).join("\n");

  it("leaves text within the limit untouched", () => {
    expect(fitWithinLimit("short", "See elsewhere.", 100)).toBe("short");
  });

  it("cuts before a heading and ends with a note naming the pointer", () => {
    const out = fitWithinLimit(sections, "The rest is in the Release notes check.", 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    const kept = out.slice(0, out.indexOf("\n\n---\n> ✂️"));
    expect(kept.trimEnd().endsWith("word")).toBe(true);
    expect(sections.startsWith(kept.trimEnd())).toBe(true);
    expect(sections.slice(kept.trimEnd().length).trimStart().startsWith("## Section")).toBe(true);
    expect(out).toMatch(/Trimmed to fit GitHub's 2,000-character limit: [\d,]+ of [\d,]+ characters are not shown here\. The rest is in the Release notes check\.$/);
  });

  it("closes a <details> block and a code fence that the cut leaves open", () => {
    const text = `<details><summary>Notes</summary>\n\n\`\`\`\n${"line\n".repeat(500)}\`\`\`\n</details>\n`;
    const out = fitWithinLimit(text, "More in the check.", 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect((out.match(/```/g) ?? []).length % 2).toBe(0);
    expect(out).toContain("</details>");
  });

  it("never exceeds the limit, whatever the text (property)", () => {
    const line = fc.oneof(fc.constant("## Heading"), fc.constant(""), fc.string({ maxLength: 120 }), fc.constant("<details>"), fc.constant("```"));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), fc.integer({ min: 300, max: 3000 }), (lines, limit) => {
        const text = lines.join("\n");
        const out = fitWithinLimit(text, "Pointer.", limit);
        return out.length <= limit && (text.length <= limit ? out === text : out.includes("Pointer."));
      }),
      { numRuns: 300 },
    );
  });
});

describe("splitWithinLimit", () => {
  it("splits at section boundaries into parts within the limit, losing nothing when the parts suffice", () => {
    const text = Array.from({ length: 30 }, (_, i) => `# Part ${i}\n${"x".repeat(90)}`).join("\n");
    const parts = splitWithinLimit(text, 10, "Pointer.", 1000);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1000);
      expect(part.startsWith("# Part")).toBe(true);
    }
    expect(parts.join("")).toBe(text);
  });

  it("trims the last part with a note when the parts do not suffice", () => {
    const text = Array.from({ length: 100 }, (_, i) => `# Part ${i}\n${"x".repeat(90)}`).join("\n");
    const parts = splitWithinLimit(text, 2, "See the check run.", 1000);
    expect(parts).toHaveLength(2);
    expect(parts[1]!.length).toBeLessThanOrEqual(1000);
    expect(parts[1]).toContain("See the check run.");
    expect(parts[0]).not.toContain("See the check run.");
  });
});
