import { checkLocalFiles } from "../domain/evaluation/local-check.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { choiceOption, listOption, stringOption, useColour, type CliCommand } from "./command.js";
import { OUTPUT_FORMATS, formatReport } from "./format.js";
import { parseNow, readLocalInputs } from "./local-inputs.js";

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
  --labels a,b         PR labels to decide as campaign labels (repeatable)
  --format FORMAT      ${OUTPUT_FORMATS.join(" | ")} (default: text; colour only on a terminal
                       without NO_COLOR)
  --now ISO            evaluate as of this instant, e.g. 2026-11-20 or 2026-11-20T09:00:00Z
  -h, --help           show this help

Exit codes: 0 every release is ready; 1 a release is not ready; 2 invalid input (broken YAML,
schema problems, a broken policy or registry, a file that cannot be read, a usage error).
Problems are printed as file:line:column: key: message.`,
  options: {
    policy: { type: "string" },
    promises: { type: "string" },
    events: { type: "string" },
    labels: { type: "string", multiple: true },
    format: { type: "string" },
    now: { type: "string" },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  async run({ values, positionals }, io) {
    const format = choiceOption(values, "format", OUTPUT_FORMATS, "text");
    const now = parseNow(stringOption(values, "now"), io);
    const labels = listOption(values, "labels");
    const { policy, manifests, inputProblems } = await readLocalInputs({
      positionals,
      policy: stringOption(values, "policy"),
      promises: stringOption(values, "promises"),
      events: stringOption(values, "events"),
    }, io);
    const report = checkLocalFiles({ policy, manifests, labels, now, inputProblems });
    io.stdout.write(formatReport(report, format, { colour: useColour(io) }));
    return report.exitCode;
  },
};
