/**
 * Files arrive as bytes (from disk, or base64 from GitHub) and must be UTF-8. A file saved as
 * UTF-16 (Windows editors still offer it) would otherwise decode to text full of NULs and fail
 * with a baffling YAML error; it is named as what it is instead.
 */
export type DecodedText = { ok: true; text: string } | { ok: false; message: string };

const SAVE_AS_UTF8 = "save it as UTF-8";

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: false, message: `the file is UTF-16 (little-endian, with a byte-order mark); ${SAVE_AS_UTF8}` };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: false, message: `the file is UTF-16 (big-endian, with a byte-order mark); ${SAVE_AS_UTF8}` };
  const utf16 = utf16WithoutMark(bytes);
  if (utf16) return { ok: false, message: `the file looks like UTF-16 (${utf16}, no byte-order mark); ${SAVE_AS_UTF8}` };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, message: `the file is not valid UTF-8 (first bad byte at offset ${firstInvalidOffset(bytes)}); ${SAVE_AS_UTF8}` };
  }
}

/** ASCII text in UTF-16 has a NUL in every other byte: at even offsets for big-endian, odd for little. */
function utf16WithoutMark(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, 512));
  if (sample.length < 4) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenNuls++;
    else oddNuls++;
  }
  const half = sample.length / 2;
  if (oddNuls > half * 0.6 && evenNuls === 0) return "little-endian";
  if (evenNuls > half * 0.6 && oddNuls === 0) return "big-endian";
  return undefined;
}

function firstInvalidOffset(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, found by halving; a cut inside a character counts as invalid, so
  // step back at most three bytes to land on the offending one.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}
