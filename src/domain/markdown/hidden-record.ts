/**
 * A record the app keeps in its own text on GitHub, inside an HTML comment nobody sees: the app
 * keeps no database, so what it must remember lives where it wrote (docs/architecture.md). The
 * JSON is base64, so no text from a user can close the comment early or forge a field.
 */
export function encodeHiddenRecord(name: string, value: unknown): string {
  return `<!-- release-readiness:${name} ${Buffer.from(JSON.stringify(value), "utf8").toString("base64")} -->`;
}

/** The newest record of that name in the text, parsed; undefined when there is none or it is unreadable. */
export function decodeHiddenRecord(name: string, text: string | null | undefined): unknown {
  const open = `<!-- release-readiness:${name} `;
  if (!text) return undefined;
  const start = text.lastIndexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf(" -->", start + open.length);
  if (end < 0) return undefined;
  try {
    return JSON.parse(Buffer.from(text.slice(start + open.length, end), "base64").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether the text carries a record of that name. */
export function hasHiddenRecord(name: string, text: string | null | undefined): boolean {
  return typeof text === "string" && text.includes(`<!-- release-readiness:${name} `);
}
