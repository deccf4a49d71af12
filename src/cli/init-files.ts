import { jsonSchemaFor, JSON_SCHEMA_PATHS } from "../domain/source/json-schema.js";
import { defaultPolicy, POLICY_PATH } from "../domain/policy/resolve.js";
import { commentedYaml } from "./commented-yaml.js";

/**
 * What `readiness init` writes. The policy spells out every default so a team can see what it is
 * agreeing to and edit in place. It is generated from the policy schema (values from its defaults,
 * comments from its descriptions), so it cannot drift; a test checks it reads back as the defaults.
 */

export const EXAMPLE_RELEASE_PATH = "readiness/example-release.yml";

const policySchemaFromPolicy = `../${JSON_SCHEMA_PATHS.policy}`;

const POLICY_HEADER = `yaml-language-server: $schema=${policySchemaFromPolicy}
Release Readiness policy (${POLICY_PATH}), written by \`readiness init\`.

The values below are the built-in defaults. Every key is optional: a key left out takes its
default, and a list written here replaces the default list (it is not added to it). The app
reads this file from the default branch, so a pull request cannot relax its own gate; with
\`_extends: .github\` it inherits an organisation-wide policy (the CLI reads this file only).`;

/** The defaults with the policy schema's descriptions as comments: both from `policySchema`. */
export function defaultPolicyText(): string {
  return commentedYaml(defaultPolicy(), jsonSchemaFor("policy"), POLICY_HEADER);
}

/**
 * A small experiment that is ready under the default policy. Its dates are `today`, so it stays
 * valid ("tested" may not lie in the future) on whatever day it is written.
 */
export function exampleReleaseText(today: string): string {
  return `# yaml-language-server: $schema=manifest.schema.json
# An example release manifest, written by \`readiness init\`. Check it with \`npx readiness check\`.
# One file per release lives under readiness/; the app treats every such file in a pull request
# as a release, so copy this one for a real release and delete it before you push.
version: 1
release: example-release
title: Onboarding tips
status: experiment
owner: "@acme/growth"
hypothesis: Three short tips on the first day lift week-one activation
key_metric: week_one_activation
flag: onboarding-tips
checklist:
  analytics:
    events:
      added:
        - name: onboarding_tip_shown
          properties: [plan, segment, source, role, environment, version, region]
    dashboards: [https://bi.example.com/d/onboarding]
  rollback_plan:
    steps: Turn the onboarding-tips flag off; new accounts get the current onboarding.
    tested: ${today}
  segment_limits:
    rollout_percent: 5
    regions: [EU]
    plans: [free, pro]
changes:
  - title: Onboarding tips
    type: feature
    audiences: [new]
    description: New accounts see three short tips on their first day.
limitations:
  - kind: functional
    text: The tips are in English only.
`;
}
