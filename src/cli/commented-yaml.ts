import { Document, isMap, isScalar, isSeq, Scalar, stringify, visit, type Node } from "yaml";
import { isRecord } from "../domain/source/validation.js";

/**
 * YAML for a value with each key's JSON Schema `description` written as a comment above it, so a
 * file such as the policy `readiness init` writes explains itself from the same source the app
 * validates with. Comments go on the first two levels of keys; deeper keys are described in the
 * JSON Schema only (the policy's four statuses would otherwise repeat the same three comments).
 */

const LINE_WIDTH = 96;
const COMMENTED_DEPTH = 2;

/**
 * Strings left unquoted: words, paths, globs and `beta -> ga`. Anything else (`campaign:*`,
 * `!readiness/events.yml`, a regular expression) is double-quoted, which every YAML reader,
 * Probot's included, reads the same way, also inside `[...]`.
 */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./*> -]*$/;

export function commentedYaml(value: Record<string, unknown>, jsonSchema: Record<string, unknown>, header: string): string {
  const doc = new Document(value);
  doc.commentBefore = commentLines(header, 0);
  if (isMap(doc.contents)) describeKeys(doc.contents, jsonSchema, 0);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && !PLAIN.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function describeKeys(map: Node, schema: unknown, depth: number): void {
  if (!isMap(map)) return;
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const property = properties[name];
    const description = isRecord(property) && typeof property.description === "string" ? property.description : undefined;
    if (depth === 0 && pair !== map.items[0]) pair.key.spaceBefore = true;
    if (description && depth < COMMENTED_DEPTH) pair.key.commentBefore = commentLines(description, depth * 2);
    if (isSeq(pair.value)) pair.value.flow = fitsOnOneLine(name, pair.value.toJSON(), depth * 2);
    if (isMap(pair.value)) describeKeys(pair.value, property, depth + 1);
  }
}

/** A list of plain values reads best on one line when it fits: `requires: [docs, monitoring]`. */
function fitsOnOneLine(key: string, items: unknown, indent: number): boolean {
  if (!Array.isArray(items) || items.some((item) => typeof item === "object" && item !== null)) return false;
  const flow = stringify(items, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
  return indent + key.length + 2 + flow.length <= LINE_WIDTH;
}

/**
 * The yaml library writes each comment line after a `#`, so a leading space makes it `# text`; a
 * line of one space becomes a lone `#` (an empty one would end the comment block). Each line is
 * wrapped at word boundaries to fit the width at its indentation.
 */
function commentLines(text: string, indent: number): string {
  const width = LINE_WIDTH - indent - 2;
  return text
    .split("\n")
    .flatMap((line) => (line === "" ? [" "] : wrap(line, width).map((part) => ` ${part}`)))
    .join("\n");
}

function wrap(line: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === "" ? word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines;
}
