/**
 * `npm start` and the container's command: `node dist/probot-run.js ./dist/index.js` is
 * `probot run ./dist/index.js`, except that Probot itself is not handed REDIS_URL
 * (src/github/probot-server.ts says why).
 */
import { runProbotServer } from "./github/probot-server.js";

await runProbotServer(process.argv.slice(2));
