/**
 * Text from files reaches a terminal or a CI log only through here. A manifest's title holding a
 * newline and `Result: ready` would otherwise print a fake verdict line into the log, and ANSI
 * escapes could repaint or hide what the CLI wrote. Control characters (C0, DEL, C1), Unicode line
 * separators and bidirectional overrides are shown as escapes (`\n`, `\x1b`, `\u202e`) instead.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function showControls(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Every string inside a report, shown safely; the shape is unchanged. */
export function showControlsDeep<T>(value: T): T {
  if (typeof value === "string") return showControls(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => showControlsDeep(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, showControlsDeep(item)])) as T;
  }
  return value;
}
