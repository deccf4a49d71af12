import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../../../src/domain/source/text-encoding.js";

const yaml = "version: 1\nrelease: a\ntitle: Überschrift\n";

describe("decodeUtf8", () => {
  it("decodes UTF-8, with or without a byte-order mark", () => {
    expect(decodeUtf8(Buffer.from(yaml, "utf8"))).toEqual({ ok: true, text: yaml });
    expect(decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(yaml, "utf8")]))).toEqual({ ok: true, text: yaml });
  });

  it("names UTF-16 with a byte-order mark, either byte order", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, "utf16le")]);
    expect(decodeUtf8(le)).toEqual({ ok: false, message: expect.stringMatching(/^the file is UTF-16 \(little-endian/) });
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeUtf8(be)).toEqual({ ok: false, message: expect.stringMatching(/^the file is UTF-16 \(big-endian/) });
  });

  it("names UTF-16 without a byte-order mark", () => {
    expect(decodeUtf8(Buffer.from(yaml, "utf16le"))).toEqual({ ok: false, message: expect.stringContaining("looks like UTF-16 (little-endian") });
  });

  it("points at the first byte that is not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("title: caf", "utf8"), Buffer.from([0xe9]), Buffer.from("\n")]);
    expect(decodeUtf8(bytes)).toEqual({ ok: false, message: expect.stringContaining("first bad byte at offset 10") });
  });
});
