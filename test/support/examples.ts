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
