import type { Probot } from "probot";

export interface AppIdentity {
  appId?: number;
  botLogin?: string;
}

/**
 * Who the app is on GitHub, asked once per process (`GET /app` with the App's JWT), so events it
 * caused itself (its label changes, its comments) can be told apart and never trigger another
 * evaluation (docs/reference/cases.md). When GitHub cannot be asked, the event is handled with `fallback`
 * (nothing known, unless a caller passes one) and the next event asks again.
 */
export function createIdentityResolver(app: Probot, fallback: AppIdentity = {}): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | undefined;
  return () => {
    pending ??= (async () => {
      try {
        const octokit = await app.auth();
        const { data } = await octokit.rest.apps.getAuthenticated();
        return { appId: data?.id, botLogin: data?.slug ? `${data.slug}[bot]` : fallback.botLogin };
      } catch (error) {
        pending = undefined; // try again on the next event rather than caching a failure
        app.log.warn({ err: error }, "could not read the App's identity");
        return fallback;
      }
    })();
    return pending;
  };
}
