/**
 * The customer's own words in a ticket or comment: quoted lines (`>`), earlier messages quoted
 * under a reply header ("On … wrote:", "-----Original Message-----", "От:"), signatures after
 * "-- ", code blocks, inline code and HTML comments are dropped, because a phrase there was
 * written by someone else or is not prose (docs/reference/sensor.md#what-is-read).
 */

/** Characters read from one text; a longer ticket is judged on its start. */
export const MAX_TEXT_LENGTH = 20_000;

const REPLY_HEADERS: readonly RegExp[] = [
  /^on\b.{0,300}\b(wrote|writes):\s*$/i,
  /^.{0,300}\b(wrote|написал|написала|пишет):\s*$/i,
  /^-{2,}\s*(original message|forwarded message|исходное сообщение|пересылаемое сообщение)\s*-{2,}/i,
  /^(from|от):\s.{0,300}$/i,
  /^\d{1,2}[./]\d{1,2}[./]\d{2,4}.{0,200}:\s*$/,
];

const FENCE = /^\s{0,3}(```|~~~)/;

export function cleanText(text: string): string {
  const lines = text.slice(0, MAX_TEXT_LENGTH).replace(/\r\n?/g, "\n").replace(/<!--[\s\S]*?(-->|$)/g, " ").split("\n");
  const kept: string[] = [];
  let inFence = false;
  for (const line of lines) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const trimmed = line.trim();
    if (trimmed === "--" || line === "-- ") break;
    if (REPLY_HEADERS.some((header) => header.test(trimmed))) break;
    if (trimmed.startsWith(">")) continue;
    kept.push(line.replace(/`[^`\n]*`/g, " "));
  }
  return kept.join("\n");
}
