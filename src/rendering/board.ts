import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { boardAnswers, boardView } from "../domain/feed/board-view.js";
import type { Feed } from "../domain/feed/schema.js";
import { bundledTemplatesDirectory } from "./default-templates.js";

/**
 * docs/reference/feed.md#the-board: `index.html`, the readiness board, one self-contained page
 * written beside feed.json. Manifest text goes through Handlebars' escaping; the embedded JSON is
 * escaped for a `<script>` element; the page's own script is allowed by its hash, so no injected
 * script could run even if escaping failed.
 */
let compiled: { template: HandlebarsTemplateDelegate; script: string } | undefined;

function bundled() {
  if (!compiled) {
    const directory = bundledTemplatesDirectory();
    const env = Handlebars.create();
    compiled = {
      template: env.compile(readFileSync(join(directory, "board.html.handlebars"), "utf8"), { strict: false }),
      script: readFileSync(join(directory, "board.js"), "utf8"),
    };
  }
  return compiled;
}

/** JSON safe inside `<script type="application/json">`: nothing in it can close the element or start markup. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

export function renderBoard(feed: Feed): string {
  const { template, script } = bundled();
  return template({
    ...boardView(feed),
    feedJson: scriptJson(feed),
    answersJson: scriptJson(boardAnswers(feed)),
    script,
    scriptHash: `sha256-${createHash("sha256").update(script).digest("base64")}`,
  });
}
