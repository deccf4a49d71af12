import { httpStatusOf } from "./client.js";

/**
 * Whether trying again could help: no HTTP status (the network), a server error, or a rate limit
 * (429, or a 403 that says so). Any other answer (a 404, a 422) would only come back the same.
 */
export function isTransientGitHubError(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === undefined || status >= 500 || status === 429) return true;
  return status === 403 && /rate limit/i.test(error instanceof Error ? error.message : "");
}

/**
 * docs/reference/guarantees.md: GitHub errors are retried with back-off. Runs `work`, and after a
 * transient failure waits each of `delaysMs` in turn before the next try; the last error (or the
 * first lasting one) is thrown, for the caller to report.
 */
export async function withRetries<T>(work: () => Promise<T>, delaysMs: readonly number[], onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || !isTransientGitHubError(error)) throw error;
      onRetry?.(error, attempt + 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
