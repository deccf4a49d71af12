import { atLeast, describeSigner, writers } from "./authority.js";
import { commandUsage } from "./grammar.js";
import { alternatives, codeList } from "./reply-text.js";
import { codeSpan } from "../markdown/escape.js";
import type { Policy } from "../policy/schema.js";
import { CHECKLIST_ITEMS, ITEM_TITLES, STATUSES } from "../vocabulary.js";

/**
 * The `help` reply: every command with who may use it under this policy (prefix, waiver level and
 * maximum, the sign-off list of each item, transitions and audiences). Commands are written in
 * code spans, so the reply itself never contains a line that reads as a command.
 */
export function helpText(policy: Policy): string {
  const prefix = policy.commands.prefix;
  const signoffItems = CHECKLIST_ITEMS.filter((item) => (policy.signoffs[item]?.length ?? 0) > 0);
  const signoffWho = signoffItems.length
    ? signoffItems.map((item) => `${codeSpan(item)}: ${alternatives((policy.signoffs[item] ?? []).map(describeSigner))}`).join("; ") + "; never the PR's author"
    : "nobody: this policy asks for no sign-offs";
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const usage = (command: Parameters<typeof commandUsage>[0]) => codeSpan(commandUsage(command, prefix));
  const rows: Array<[string, string, string]> = [
    [`${codeSpan(prefix)} or ${usage("check")}`, writers(), "Re-evaluate the pull request now."],
    [usage("signoff"), signoffWho, "Record a sign-off. It confirms a declared item; it never replaces the declaration."],
    [usage("waive"), `${atLeast(policy.waivers.allowed)}, never the PR's author`, `Waive a required item for 1 to ${policy.waivers.max_days} days (a new waiver of the item replaces the earlier one).`],
    [usage("revoke"), "whoever may sign off or waive the item, never the PR's author", "Withdraw the item's sign-offs and waivers (or only the kind named)."],
    [usage("status"), writers(), `Change the manifest's status (${codeList(STATUSES)}) if the policy allows the change: ${policy.transitions.map((t) => codeSpan(t.replace(/\s+/g, " ").trim())).join(", ")}.`],
    [usage("notes"), writers(), `Post the release notes (audiences: ${codeList(policy.notes.audiences)}).`],
    [usage("help"), "anyone", "Show this list."],
  ];
  return [
    "**Release Readiness commands**",
    "",
    "| command | who may use it | what it does |",
    "|---|---|---|",
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
    "",
    `Items: ${CHECKLIST_ITEMS.map((item) => `${codeSpan(item)} (${ITEM_TITLES[item]})`).join(", ")}.`,
    "Write one command per line, at the start of the line; lines in code blocks, quotes and HTML comments are ignored. " +
      "When the pull request has several manifests, name the release first, for example " +
      `${codeSpan(`${prefix} waive checkout-v2 docs 3d docs ship next week`)}.`,
    "A command counts as it was first posted: editing the comment does nothing, post it again. Bots cannot sign off, waive, revoke or change a status.",
  ].join("\n");
}
