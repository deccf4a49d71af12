import { checkLocalFiles } from "../domain/evaluation/local-check.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { choiceOption, listOption, stringOption, useColour, type CliCommand } from "./command.js";
import { OUTPUT_FORMATS, formatReport } from "./format.js";
import { parseNow, readLocalInputs } from "./local-inputs.js";
import { BASE_OPTIONS, hasBase, readBaseRegistries, registriesOnTheirOwn } from "./base-inputs.js";

export const checkCommand: CliCommand = {
  name: "check",
  summary: "check release manifests against the policy (exit 0 ready, 1 not ready, 2 invalid)",
  usage: `Usage: readiness check [<file|directory|glob>...] [options]

Checks each release manifest against the definition of ready for its status and prints a
verdict per release: every checklist item with its state and reason, the rules, the blockers,
and a decision for each campaign label given with --labels.

A directory means its *.yml and *.yaml files at any depth; a glob (quote it) means the YAML files
it matches. promises.yml and events.yml are registries, never manifests. With no arguments the
policy's \`manifests\` globs are checked (default: readiness/**/*.yml and *.yaml).

Options:
  --policy FILE        policy to apply (default: ${POLICY_PATH} in the current
                       directory if present, else the built-in defaults)
  --promises FILE      promise registry (default: the nearest promises.yml in or above each
                       manifest's directory, else ${PROMISES_PATH})
  --events FILE        event catalog (default: the nearest events.yml, else ${EVENTS_PATH})
  --base DIR           compare the registries with an earlier version checked out in DIR
                       (each at the same path relative to the current directory)
  --base-ref REF       compare the registries with their version at git REF (a commit,
                       branch or tag of the repository the current directory is in)
  --labels a,b         PR labels to decide as campaign labels (repeatable)
  --format FORMAT      ${OUTPUT_FORMATS.join(" | ")} (default: text; colour only on a terminal
                       without NO_COLOR)
  --now ISO            evaluate as of this instant, e.g. 2026-11-20 or 2026-11-20T09:00:00Z
  -h, --help           show this help

With --base or --base-ref, a promise whose text, conditions or exceptions changed must have raised
its version, the campaign gate takes each promise at the stricter of both versions, and catalog
changes the manifests do not declare are problems, and so is a promise or event removed that a
release checked still lists. Registries given without manifests (promises.yml named, a folder of
registries only) are then checked on their own, as the app checks a PR that changes only them.
Without either, those comparisons are skipped and the output says so.

Exit codes: 0 every release is ready; 1 a release is not ready; 2 invalid input (broken YAML,
schema problems, a broken policy or registry, a file that cannot be read, a usage error).
Problems are printed as file:line:column: key: message.`,
  options: {
    policy: { type: "string" },
    promises: { type: "string" },
    events: { type: "string" },
    ...BASE_OPTIONS,
    labels: { type: "string", multiple: true },
    format: { type: "string" },
    now: { type: "string" },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  async run({ values, positionals }, io) {
    const format = choiceOption(values, "format", OUTPUT_FORMATS, "text");
    const now = parseNow(stringOption(values, "now"), io);
    const labels = listOption(values, "labels");
    const baseOptions = { base: stringOption(values, "base"), baseRef: stringOption(values, "base-ref") };
    const options = { positionals, policy: stringOption(values, "policy"), promises: stringOption(values, "promises"), events: stringOption(values, "events") };
    const inputs = await readLocalInputs({ ...options, registries: hasBase(baseOptions) }, io);
    const { policy, manifests, inputProblems } = inputs;
    const { registriesOnly, referring } = await registriesOnTheirOwn(inputs, () => readLocalInputs({ ...options, positionals: [] }, io), positionals.length > 0);
    const base = await readBaseRegistries(baseOptions, [...manifests, ...registriesOnly], io);
    const report = checkLocalFiles({ policy, manifests, labels, now, inputProblems, base, registriesOnly, referring });
    io.stdout.write(formatReport(report, format, { colour: useColour(io) }));
    return report.exitCode;
  },
};
