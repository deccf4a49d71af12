import { Marked } from "marked";
import { escapeHtml } from "../domain/markdown/escape.js";
import type { NotesLocale } from "../domain/vocabulary.js";

/**
 * Rendered notes as HTML, for pasting into a help centre or an e-mail. The Markdown is converted
 * by marked (CommonMark with GitHub's extensions), so a repository's own templates convert as
 * GitHub would show them. Person-written text is already inert by then: it was entity-escaped
 * before it reached the Markdown, so the only markup marked passes through is the template's own.
 */
const marked = new Marked({ gfm: true, async: false });

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export interface HtmlSection {
  heading: string;
  markdown: string;
}

/** A complete, self-contained HTML page: one section per audience. */
export function notesHtmlDocument(title: string, locale: NotesLocale, sections: readonly HtmlSection[]): string {
  const body = sections
    .map((section) => `<section>\n<h1>${escapeHtml(section.heading)}</h1>\n${markdownToHtml(section.markdown)}</section>`)
    .join("\n");
  return [
    "<!doctype html>",
    `<html lang="${locale}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "</head>",
    "<body>",
    "<main>",
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
