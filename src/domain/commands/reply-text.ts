import { codeSpan } from "../markdown/escape.js";

/** Small pieces of wording shared by command replies and the help. */

/** Words as code spans, joined "`a`, `b` and `c`". */
export function codeList(words: readonly string[]): string {
  const coded = words.map(codeSpan);
  if (coded.length <= 1) return coded.join("");
  return `${coded.slice(0, -1).join(", ")} and ${coded[coded.length - 1]}`;
}

/** Phrases joined "a, b or c". */
export function alternatives(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases.join("");
  return `${phrases.slice(0, -1).join(", ")} or ${phrases[phrases.length - 1]}`;
}

/** At most `max` characters, ending in "…" when cut. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
