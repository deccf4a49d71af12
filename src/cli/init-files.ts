import { JSON_SCHEMA_PATHS } from "../domain/source/json-schema.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";

/**
 * What `readiness init` writes. The policy spells out every default so a team can see what it is
 * agreeing to and edit in place; a test checks it reads back as exactly the built-in defaults.
 */

export const EXAMPLE_RELEASE_PATH = "readiness/example-release.yml";

const policySchemaFromPolicy = `../${JSON_SCHEMA_PATHS.policy}`;

export function defaultPolicyText(): string {
  return `# yaml-language-server: $schema=${policySchemaFromPolicy}
# Release Readiness policy (${POLICY_PATH}), written by \`readiness init\`.
#
# The values below are the built-in defaults. Every key is optional: a key left out takes its
# default, and a list written here replaces the default list (it is not added to it). The app
# reads this file from the default branch, so a pull request cannot relax its own gate; with
# \`_extends: .github\` it inherits an organisation-wide policy (the CLI reads this file only).

# Release manifests: globs relative to the repository root; "!" excludes.
manifests:
  - readiness/**/*.yml
  - readiness/**/*.yaml
  - "!readiness/promises.yml"
  - "!readiness/events.yml"

# Per status: the checklist items required before a release counts as ready, the largest
# rollout it may have (segment_limits.rollout_percent), and the campaign labels it may carry.
statuses:
  experiment:
    requires: [analytics, rollback_plan, segment_limits]
    max_rollout_percent: 10
    campaigns: []
  beta:
    requires: [analytics, docs, monitoring, support_training, rollback_plan, segment_limits]
    max_rollout_percent: 50
    campaigns: ["campaign:in-app", "campaign:beta*"]
  ga:
    requires: [analytics, docs, monitoring, support_training, rollback_plan, segment_limits]
    max_rollout_percent: 100
    campaigns: ["campaign:*"]
  rollback:
    requires: [rollback_plan, support_training]
    max_rollout_percent: 0
    campaigns: []

# Labels that count as campaign labels.
campaign_labels: ["campaign:*"]

# remove: take a campaign label the release may not use off the PR, and say why.
# check: leave it on and fail the "Campaign gate" check until it is allowed or removed.
campaign_gate: remove

# Allowed status changes; "any" stands for every status. A new manifest may start at any status.
transitions:
  - experiment -> beta
  - beta -> ga
  - experiment -> ga
  - any -> rollback
  - rollback -> experiment
  - rollback -> beta

# Items that may be declared \`not_applicable: <reason>\` in a manifest and still count as met.
not_applicable: [analytics, docs, monitoring, support_training, segment_limits]

# Items that also need a sign-off (\`/readiness signoff <item>\`) before they count: a team
# ("@org/team"), people ("@user") or a permission level (read, triage, write, maintain, admin).
# No item needs one by default. For example:
#   docs: "@acme/docs-writers"
#   support_training: [maintain]
signoffs:
  # true: a push that changes an item's section of the manifest voids that item's sign-offs.
  dismiss_on_change: false

# Who may waive a required item (\`/readiness waive <item> <N>d <reason>\`), and for how many
# days at most. The author of a release PR can never waive or sign off on it.
waivers:
  allowed: maintain
  max_days: 14

# Analytics events a manifest adds or changes must match the pattern and carry these properties.
analytics:
  event_name_pattern: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
  required_properties: [plan, segment, source, role, environment, version, region]

# Release notes: the audiences to write for, a folder of templates overriding the bundled ones,
# their language (en or ru), and what happens when a release PR merges (draft: a draft GitHub
# release; none: nothing).
notes:
  audiences: [new, existing, enterprise, support]
  templates: .github/release-readiness/templates
  locale: en
  publish: draft

# The word slash-commands start with in PR comments.
commands:
  prefix: /readiness

# Campaign label -> promise channel. Without an entry, campaign:<name> speaks on channel <name>.
# For example:  "campaign:newsletter": email
channels: {}

# true: PRs that touch no manifest get a neutral "Release readiness" check, so that check can be
# made required in branch protection.
report_non_release: false

# The IANA time zone calendar dates are read in (training dates, waiver ends, effective dates).
timezone: UTC
`;
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
