import type { AppIdentity } from "../github/identity.js";

/** The login GitHub shows for what a workflow does with `GITHUB_TOKEN`. */
export const GITHUB_ACTIONS_BOT = "github-actions[bot]";

/**
 * Who the app is in Action mode. There is no App JWT, so `GET /app` (how the hosted app learns its
 * id and bot login) cannot be asked: with `GITHUB_TOKEN` the app acts as `github-actions[bot]`.
 * No app id is given, so the app's check runs are found by name: the GitHub Actions app (15368 on
 * github.com, another id on each GitHub Enterprise Server) owns them with `GITHUB_TOKEN`, but
 * another App's token passed as `github-token` writes them as that App, and filtering by the
 * Actions app's id would then lose the ledger.
 */
export function actionIdentity(): AppIdentity {
  return { botLogin: GITHUB_ACTIONS_BOT };
}
