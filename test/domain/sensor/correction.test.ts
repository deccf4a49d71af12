import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { sensorCatalogue } from "../../../src/domain/sensor/catalogue.js";
import { correctFinding, parseMismatchCommand } from "../../../src/domain/sensor/correction.js";
import { decodeSensorFinding } from "../../../src/domain/sensor/finding-record.js";
import { renderSensorComment, sensorLabelChanges, refusalReplyFor, sensorRefusalReply } from "../../../src/domain/sensor/issue-report.js";
import { CHECKOUT_GA_PROMISED, exampleFile, SENSOR_PROMISES } from "../../support/examples.js";

const catalogue = sensorCatalogue({
  repository: "acme/shop",
  manifests: [
    { path: "readiness/checkout-v2.yml", text: CHECKOUT_GA_PROMISED, changed: "2026-11-20T10:00:00.000Z" },
    { path: "readiness/invoice-export.yml", text: exampleFile("invoice-export.yml"), changed: null },
    { path: "readiness/broken.yml", text: "version: 1\nrelease: [", changed: null },
  ],
  promises: { path: "readiness/promises.yml", text: SENSOR_PROMISES },
}, defaultPolicy());
const by = { by: "tess", at: "2026-11-23T12:00:00.000Z" };

describe("/readiness mismatch", () => {
  it("is read from a visible line with the policy's prefix, not from quotes or code", () => {
    expect(parseMismatchCommand("Thanks!\n/readiness mismatch checkout-v2 Email", "/readiness")).toEqual({ kind: "mismatch", target: "checkout-v2", source: "email", line: 2 });
    expect(parseMismatchCommand("> /readiness mismatch none\n```\n/readiness mismatch none\n```", "/readiness")).toBeUndefined();
    expect(parseMismatchCommand("/rr mismatch none", "/rr")).toMatchObject({ kind: "mismatch", target: "none" });
    expect(parseMismatchCommand("/readiness waive docs 3d x", "/readiness")).toBeUndefined();
    expect(parseMismatchCommand("/readinessmismatch none", "/readiness")).toBeUndefined();
  });

  it("says what is wrong with a malformed one", () => {
    expect(parseMismatchCommand("/readiness mismatch", "/readiness")).toMatchObject({ kind: "invalid", problem: expect.stringContaining("name the release") });
    expect(parseMismatchCommand("/readiness mismatch none billboard", "/readiness")).toMatchObject({ kind: "invalid", problem: expect.stringContaining("landing, email") });
    expect(parseMismatchCommand("/readiness mismatch Ä!", "/readiness")).toMatchObject({ kind: "invalid" });
    expect(parseMismatchCommand("/readiness mismatch none email more", "/readiness")).toMatchObject({ kind: "invalid" });
  });

  it("takes a release with its promises, a promise with the releases that carry it, or none", () => {
    const previous = { mismatch: true, source: "email" as const, releases: ["checkout-v2"], promises: ["one-page-checkout"], campaigns: [] };
    expect(correctFinding({ kind: "mismatch", target: "invoice-export", line: 1 }, catalogue, previous, by)).toEqual({
      ok: true, finding: { mismatch: true, source: "email", releases: ["invoice-export"], promises: ["invoice-export-24h"], campaigns: ["campaign:email", "campaign:landing"], correction: by },
    });
    expect(correctFinding({ kind: "mismatch", target: "one-page-checkout", source: "landing", line: 1 }, catalogue, previous, by)).toMatchObject({
      ok: true, finding: { source: "landing", releases: ["checkout-v2"], promises: ["one-page-checkout"] },
    });
    expect(correctFinding({ kind: "mismatch", target: "none", line: 1 }, catalogue, undefined, by)).toEqual({
      ok: true, finding: { mismatch: false, source: "unknown", releases: [], promises: [], campaigns: [], correction: by },
    });
    expect(correctFinding({ kind: "mismatch", target: "gift-cards", line: 1 }, catalogue, previous, by)).toEqual({ ok: false, problem: '"gift-cards" is neither a release nor a promise in acme/shop' });
  });
});

describe("what the sensor writes on an issue", () => {
  it("labels follow the finding: exact names, stale source labels off, nothing for no mismatch", () => {
    const finding = { mismatch: true, source: "sales" as const, releases: [], promises: [], campaigns: [] };
    expect(sensorLabelChanges(["bug", "expectation:email"], finding)).toEqual({ add: ["expectation-mismatch", "expectation:sales"], remove: ["expectation:email"] });
    expect(sensorLabelChanges(["Expectation-Mismatch", "expectation:sales"], finding)).toEqual({ add: [], remove: [] });
    expect(sensorLabelChanges(["bug"], undefined)).toEqual({ add: [], remove: [] });
    expect(sensorLabelChanges(["expectation-mismatch", "expectation:sales"], { ...finding, mismatch: false })).toEqual({ add: [], remove: ["expectation-mismatch", "expectation:sales"] });
  });

  it("the comment carries the finding and the promise's real terms, escaped, and says when a promise is not yet made", () => {
    const finding = { mismatch: true, source: "email" as const, releases: ["checkout-v2"], promises: ["one-page-checkout"], campaigns: ["campaign:email"] };
    const body = renderSensorComment({ finding, catalogue, prefix: "/readiness", issueAt: "2026-11-23T11:00:00Z" });
    expect(decodeSensorFinding(body)).toEqual(finding);
    expect(body).toContain("Holds when: Pro and Enterprise plans; Stores in the EU.");
    expect(body).toContain("Does not hold for: Orders paid with a gift card.");
    expect(body).toContain("`/readiness mismatch <release|promise|none> [source]`");
    const beta = { ...catalogue, releases: catalogue.releases.map((r) => ({ ...r, status: "beta" as const })) };
    expect(renderSensorComment({ finding, catalogue: beta, prefix: "/readiness", issueAt: "2026-10-01T00:00:00Z" }))
      .toContain("Not yet promised for this release: it holds from GA, and the release is at Beta.");
    expect(renderSensorComment({ finding, catalogue, prefix: "/readiness", issueAt: "2026-10-01T00:00:00Z" })).toContain("In effect only from 2026-11-01.");
  });

  it("a refusal reply names whom it answered, so replies can be limited per person", () => {
    const reply = sensorRefusalReply("rita", "no.", "/readiness");
    expect(refusalReplyFor(reply)).toBe("rita");
    expect(refusalReplyFor("<!-- release-readiness:sensor abc -->")).toBeUndefined();
    expect(reply).not.toContain("@rita"); // escaped: no ping
  });
});
