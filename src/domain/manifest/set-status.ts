import { isDeepStrictEqual } from "node:util";
import { isMap, isPair, isScalar, parseDocument, Scalar } from "yaml";
import { problemAt, parseYamlSource } from "../source/yaml-source.js";
import type { Problem } from "../source/problems.js";
import type { ReleaseStatus } from "../vocabulary.js";

export type SetStatusResult =
  | { ok: true; text: string; changed: boolean }
  | { ok: false; problem: Problem };

/**
 * Changes a manifest's top-level `status:` (for `/readiness status`) by rewriting only the
 * value's own characters, located through the parsed node's source range: every comment, blank
 * line, key order, line ending and the quoting of every other value stay byte for byte, and the
 * status keeps its own quoting style. The result is parsed again and must differ from the input
 * in the status alone (an anchored status that an alias repeats elsewhere, for instance, is
 * refused rather than silently changing two values).
 */
export function setManifestStatus(text: string, status: ReleaseStatus, file = "manifest"): SetStatusResult {
  const source = parseYamlSource(text, file);
  if (!source.ok) {
    const first = source.problems[0]!;
    return { ok: false, problem: { ...first, message: `cannot change the status: ${first.message}` } };
  }
  const fail = (message: string, target: "key" | "value" = "value"): SetStatusResult =>
    ({ ok: false, problem: problemAt(file, source.locate, ["status"], message, { target }) });

  // parseYamlSource has already refused oversized, too deep and alias-bomb input, so this parse is safe.
  const doc = parseDocument(text, { uniqueKeys: true });
  if (!isMap(doc.contents)) return fail("cannot change the status: the manifest is not a mapping of keys");
  const pair = doc.contents.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === "status");
  if (!pair) return fail("cannot change the status: the manifest has no top-level status key; add `status: <status>`");
  const value = pair.value;
  if (!isScalar(value) || !value.range) return fail("cannot change the status: status is not a plain value; write it as `status: beta`");
  if (value.value === null || value.value === "") return fail("cannot change the status: status has no value; write it as `status: beta`", "key");

  const [start, end] = value.range;
  let written: string;
  switch (value.type) {
    case Scalar.PLAIN:
      written = status;
      break;
    case Scalar.QUOTE_DOUBLE:
      written = `"${status}"`;
      break;
    case Scalar.QUOTE_SINGLE:
      written = `'${status}'`;
      break;
    default:
      return fail("cannot change the status: status is written as a block scalar; write it as `status: beta`");
  }
  if (text.slice(start, end) === written) return { ok: true, text, changed: false };
  const edited = text.slice(0, start) + written + text.slice(end);

  const check = parseYamlSource(edited, file);
  const expected = { ...(source.value as Record<string, unknown>), status };
  if (!check.ok || !isDeepStrictEqual(check.value, expected)) {
    return fail("cannot change the status alone (is it an anchor that an alias repeats?); edit the manifest by hand");
  }
  return { ok: true, text: edited, changed: true };
}
