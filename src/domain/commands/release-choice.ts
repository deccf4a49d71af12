import type { CommandContext, CommandOf, PullRequestRelease, RefusalCode } from "./decision.js";
import { codeList, cut } from "./reply-text.js";
import { codeSpan } from "../markdown/escape.js";

/**
 * Which release a command is about. A PR may change several manifests; a command names one, or
 * needs no name when the PR has only one.
 */

/** The commands that take a release. */
export type ReleaseCommand = CommandOf<"signoff" | "waive" | "revoke" | "status" | "notes">;

export type ReleaseRefusal = { refusal: { code: RefusalCode; reason: string } };

/** Every release of the PR, or the refusal when it has none that could be read. */
export function releasesOrRefusal(releases: readonly PullRequestRelease[]): { list: readonly PullRequestRelease[] } | ReleaseRefusal {
  if (releases.length === 0) return { refusal: { code: "no_release", reason: "This pull request has no release manifest that could be read." } };
  return { list: releases };
}

/** The release the command names, or the only one; several releases need a name. */
export function resolveRelease(command: ReleaseCommand, context: CommandContext): { list: readonly PullRequestRelease[] } | ReleaseRefusal {
  const named = command.args.release;
  const releases = context.releases;
  const all = releasesOrRefusal(releases);
  if ("refusal" in all) return all;
  const names = codeList(releases.map((r) => r.release));
  if (named === undefined) {
    if (releases.length === 1) return all;
    const example = codeSpan(cut(exampleWithRelease(command, releases[0]!.release, context.policy.commands.prefix), 120));
    return { refusal: { code: "ambiguous_release", reason: `This pull request has several releases; name one first, for example ${example}. Releases: ${names}.` } };
  }
  const found = releases.find((r) => r.release === named.toLowerCase());
  if (!found) return { refusal: { code: "unknown_release", reason: `This pull request has no release ${codeSpan(named)}. Releases: ${names}.` } };
  return { list: [found] };
}

/** The command as it would read with the release named, for the "name a release" refusal. */
function exampleWithRelease(command: ReleaseCommand, release: string, prefix: string): string {
  switch (command.kind) {
    case "signoff": return `${prefix} signoff ${release} ${command.args.item}${command.args.note ? ` ${command.args.note}` : ""}`;
    case "waive": return `${prefix} waive ${release} ${command.args.item} ${command.args.days}d ${command.args.reason}`;
    case "revoke": return `${prefix} revoke ${release} ${command.args.item}${command.args.target ? ` ${command.args.target}` : ""}`;
    case "status": return `${prefix} status ${release} ${command.args.status}`;
    case "notes": return `${prefix} notes ${release}${command.args.audience ? ` ${command.args.audience}` : ""}`;
  }
}
