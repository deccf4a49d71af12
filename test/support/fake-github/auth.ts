/**
 * Who is calling the stand-in, as GitHub decides it: the app with its JWT on `/app` endpoints, an
 * installation with a token the stand-in issued, or a user with a personal token. An installation
 * token reaches only the account the app is installed on.
 */
import { createVerify, type KeyObject } from "node:crypto";
import { notFound, type Caller } from "./http.js";
import { sameName } from "./state.js";
import type { FakeWorld } from "./world.js";

export interface Credentials {
  /** Personal access token → login. */
  userTokens: ReadonlyMap<string, string>;
  /** When set, an app JWT must verify with it, as on GitHub. */
  appPublicKey: KeyObject | undefined;
}

/** Endpoints outside `/app` that GitHub also answers for the app's JWT: finding the installation for a repository, organization or user. */
const APP_JWT_TEMPLATES = new Set(["/repos/{owner}/{repo}/installation", "/orgs/{org}/installation", "/users/{username}/installation"]);

/** Identify the caller, or return the reason for a 401. */
export function authenticate(world: FakeWorld, credentials: Credentials, authorization: string | undefined, template: string): Caller | string {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return "Requires authentication";
  const credential = match[1];
  if (template.startsWith("/app") || APP_JWT_TEMPLATES.has(template)) {
    // App endpoints take the app's JWT, never an installation token.
    const problem = verifyAppJwt(world, credentials.appPublicKey, credential);
    return problem ?? { kind: "app" };
  }
  const issued = world.state.issuedTokens.find((t) => t.token === credential);
  if (issued) {
    if (Date.parse(issued.expiresAt) <= world.date().getTime()) return "Bad credentials (installation token expired)";
    return { kind: "installation", installationId: issued.installationId, login: world.botLogin };
  }
  const login = credentials.userTokens.get(credential);
  if (login) return { kind: "user", login };
  if (credential.split(".").length === 3) return "A JSON web token could not be decoded (a JWT is only accepted on /app endpoints and the installation look-ups)";
  return "Bad credentials";
}

function verifyAppJwt(world: FakeWorld, appPublicKey: KeyObject | undefined, jwt: string): string | undefined {
  const [header, payload, signature] = jwt.split(".");
  if (!header || !payload || !signature) return "A JSON web token could not be decoded";
  let claims: { iss?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown; exp?: unknown };
  } catch {
    return "A JSON web token could not be decoded";
  }
  const appId = world.state.app.id;
  if (String(claims.iss) !== String(appId)) return `'Issuer' claim ('iss') must be the app id ${appId}`;
  if (appPublicKey) {
    const verifier = createVerify("RSA-SHA256");
    verifier.update(`${header}.${payload}`);
    if (!verifier.verify(appPublicKey, Buffer.from(signature, "base64url"))) return "A JSON web token could not be verified";
  }
  return undefined;
}

/** An installation token reaches only repositories of the account the app is installed on (404 otherwise). */
export function checkInstallationScope(world: FakeWorld, caller: Caller, params: Record<string, string>): void {
  if (caller.kind !== "installation") return;
  const installation = world.state.installations.find((i) => i.id === caller.installationId);
  const owner = params.owner ?? params.org;
  if (owner !== undefined && installation && !sameName(installation.account, owner)) throw notFound();
}
