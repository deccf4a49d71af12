import { parse } from "csv-parse/sync";

/**
 * Exported help-desk tickets for `readiness sensor` (docs/reference/sensor.md#cli): CSV with a
 * header row, or JSON (an array of objects, or `{ "tickets": [...] }`). Columns `id`,
 * `created_at`, `subject`, `body`, optional `tags`; other columns are ignored, as exports carry
 * many. A bad row is a problem with its line and the rest are still read; a file that cannot be
 * read as either format at all is `unreadable`.
 */

export interface ExportedTicket {
  id: string;
  createdAt: Date;
  subject: string;
  body: string;
  tags: string[];
}

export interface TicketProblem {
  line: number;
  message: string;
}

export type TicketFile =
  | { ok: true; tickets: ExportedTicket[]; problems: TicketProblem[] }
  | { ok: false; line: number; message: string };

const REQUIRED = ["id", "created_at", "body"] as const;

export function readTicketFile(text: string, path: string): TicketFile {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  const json = /\.json$/i.test(path) || start.startsWith("[") || start.startsWith("{");
  return json ? readJson(text) : readCsv(text);
}

function readCsv(text: string): TicketFile {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { ok: false, line: e.lines ?? 1, message: e.message };
  }
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0]!.toLowerCase().split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length) return { ok: false, line: 1, message: `the header has no ${missing.join(", ")} column (expected id, created_at, subject, body, optional tags)` };
  // info.lines is the line a record ends on; a multi-line body starts earlier, at the previous record's end + 1.
  let previousEnd = 1;
  const rows = records.map(({ record, info }) => {
    const row = { line: previousEnd + 1, value: record as Record<string, unknown> };
    previousEnd = info.lines;
    return row;
  });
  return collect(rows);
}

function readJson(text: string): TicketFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, line: 1, message: `not valid JSON: ${(error as Error).message}` };
  }
  const list = Array.isArray(data) ? data : (data as { tickets?: unknown } | null)?.tickets;
  if (!Array.isArray(list)) return { ok: false, line: 1, message: 'expected an array of tickets, or an object with a "tickets" array' };
  const lines = elementLines(text);
  return collect(list.map((value, i) => ({ line: lines[i] ?? 1, value })));
}

/** The line each element of the (first) top-level array starts on, scanning strings correctly. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let arrayDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === "[" && arrayDepth < 0) arrayDepth = depth + 1;
    if (c === "{" && depth === arrayDepth) lines.push(line);
    if (c === "[" || c === "{") depth++;
    if (c === "]" || c === "}") depth--;
  }
  return lines;
}

function collect(rows: ReadonlyArray<{ line: number; value: unknown }>): TicketFile {
  const tickets: ExportedTicket[] = [];
  const problems: TicketProblem[] = [];
  const seen = new Set<string>();
  for (const { line, value } of rows) {
    const ticket = toTicket(value);
    if (typeof ticket === "string") problems.push({ line, message: ticket });
    else if (seen.has(ticket.id)) problems.push({ line, message: `ticket id "${ticket.id}" appears more than once; only the first is classified` });
    else {
      seen.add(ticket.id);
      tickets.push(ticket);
    }
  }
  return { ok: true, tickets, problems };
}

/** A ticket, or what is wrong with the row. */
function toTicket(value: unknown): ExportedTicket | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a ticket object";
  const row = value as Record<string, unknown>;
  const text = (key: string) => (typeof row[key] === "string" || typeof row[key] === "number" ? String(row[key]) : undefined);
  const id = text("id")?.trim();
  if (!id) return "the ticket has no id";
  const created = text("created_at");
  const createdAt = created === undefined ? undefined : new Date(created);
  if (!createdAt || Number.isNaN(createdAt.getTime())) return `ticket ${id}: created_at ${created === undefined ? "is missing" : `"${created.slice(0, 40)}" is not a date`}`;
  const body = text("body");
  if (body === undefined) return `ticket ${id}: body is missing`;
  const rawTags = row.tags;
  const tags = Array.isArray(rawTags) ? rawTags.map(String) : typeof rawTags === "string" ? rawTags.split(/[,;]/).map((t) => t.trim()).filter(Boolean) : [];
  return { id, createdAt, subject: text("subject") ?? "", body, tags };
}
