import { describe, expect, it } from "vitest";
import { decodeSensorFinding, encodeSensorFinding, isSensorComment, type SensorFinding } from "../../../src/domain/sensor/finding-record.js";

const finding: SensorFinding = {
  mismatch: true, source: "email", releases: ["checkout-v2"], promises: ["instant-receipt"], campaigns: ["campaign:email"],
};

describe("the sensor's finding kept in its comment", () => {
  it("reads back what was written, inside any comment text", () => {
    const body = `The customer expected …\n\n${encodeSensorFinding(finding)}\n`;
    expect(decodeSensorFinding(body)).toEqual(finding);
    expect(isSensorComment(body)).toBe(true);
  });

  it("keeps a correction", () => {
    const corrected = { ...finding, mismatch: false, correction: { by: "octocat", at: "2026-11-30T10:00:00Z" } };
    expect(decodeSensorFinding(encodeSensorFinding(corrected))).toEqual(corrected);
  });

  it("cannot be closed early by text from the issue", () => {
    const hostile = { ...finding, releases: ["--> <script>alert(1)</script>"] };
    const marker = encodeSensorFinding(hostile);
    expect(marker.indexOf("-->")).toBe(marker.length - 3);
    expect(decodeSensorFinding(marker)?.releases).toEqual(hostile.releases);
  });

  it("takes an unreadable or unknown marker as no finding", () => {
    expect(decodeSensorFinding(undefined)).toBeUndefined();
    expect(decodeSensorFinding("no marker here")).toBeUndefined();
    expect(decodeSensorFinding("<!-- release-readiness:sensor not-base64!! -->")).toBeUndefined();
    const wrongSource = Buffer.from(JSON.stringify({ ...finding, v: 1, source: "tv" })).toString("base64");
    expect(decodeSensorFinding(`<!-- release-readiness:sensor ${wrongSource} -->`)).toBeUndefined();
    expect(isSensorComment("a plain comment")).toBe(false);
  });
});
