import { readFileSync } from "node:fs";

/** A bundled example manifest or registry (`readiness/examples/<name>`), as a repository would hold it. */
export const exampleFile = (name: string): string =>
  readFileSync(new URL(`../../readiness/examples/${name}`, import.meta.url), "utf8");

/** `checkout-v2` as the example ships it: a beta that still lacks its support training. */
export const CHECKOUT_BETA = exampleFile("checkout-v2.yml");

/** The same beta with its support training done: ready under the default policy. */
export const CHECKOUT_BETA_READY = CHECKOUT_BETA.replace(
  "  rollback_plan:",
  "  support_training: { date: 2026-11-20, materials: https://wiki.example.com/co-training }\n  rollback_plan:",
);

/**
 * The sensor's story (docs/reference/sensor.md): `checkout-v2` at GA carrying a promise whose real
 * terms are narrower than an email made them sound.
 */
export const CHECKOUT_GA_PROMISED = `${CHECKOUT_BETA_READY.replace("status: beta", "status: ga")}promises: [one-page-checkout]\n`;

/** The examples' promise registry with the one-page checkout promise added. */
export const SENSOR_PROMISES = `${exampleFile("promises.yml").trimEnd()}
  - id: one-page-checkout
    text: Pay for your order on one page.
    conditions: [Pro and Enterprise plans, Stores in the EU]
    exceptions: [Orders paid with a gift card]
    version: 1
    owner: "@acme/payments"
    effective: 2026-11-01
    metric: checkout_conversion
    channels: [email, in-app, landing]
    min_status: ga
`;

/** A customer's issue that reads as a mismatch with checkout-v2's promise, expected from an email. */
export const MISMATCH_ISSUE = {
  title: "One-page checkout missing on our plan",
  body: "Hi,\n\nthe email said every plan gets the one-page checkout, but our Basic store still shows the old three-step checkout.\n\nDana",
};

/** A support repository's policy: the sensor on, releases read from `releasesFrom`. */
export const sensorPolicy = (releasesFrom: string) => `sensor:\n  enabled: true\n  releases_from: ${releasesFrom}\n`;
