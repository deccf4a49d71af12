/**
 * `npm run demo`: the release story on a local GitHub stand-in (demo/story.ts). Exits 0 when
 * every step came out as the story says, 1 when one did not, 2 on a usage error.
 * `npm run demo -- --serve` then keeps the stand-in and the app running until Ctrl-C.
 */
import { parseArgs } from "node:util";
import { useColour } from "../src/cli/command.js";
import { feedCurl, publishDemoFeed } from "./feed.js";
import { servePlayground } from "./playground.js";
import { playSensorEpilogue } from "./sensor.js";
import { playReleaseStory } from "./story.js";
import { startDemoWorld } from "./world.js";

const USAGE = `Usage: npm run demo [-- --serve]

Plays a release story with the real app against a local GitHub stand-in on 127.0.0.1.
  --serve   afterwards keep both running, with a fresh PR and curl examples to send your own deliveries,
            and the hosted readiness feed route with a printed token
After the story a customer's issue in acme/support is labelled and answered by the sensor, and the
readiness feed and board are written into readiness-feed/ with where to open them.
  --help    this text
`;

let serve: boolean;
try {
  const { values } = parseArgs({ options: { serve: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } }, strict: true, allowPositionals: false });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  serve = values.serve;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}

const colour = useColour({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, now: () => new Date() });
const world = await startDemoWorld();
const transcript = await playReleaseStory(world, { out: process.stdout, colour });
const sensor = await playSensorEpilogue(world, { out: process.stdout, colour });
await publishDemoFeed(world, "readiness-feed", { out: process.stdout, colour });

if (!serve) {
  await world.sandbox.stop();
  process.exitCode = transcript.differences.length === 0 && sensor.differences.length === 0 ? 0 : 1;
} else {
  process.stdout.write("\n");
  const playground = await servePlayground(world, { out: process.stdout, colour });
  process.stdout.write(`\nThe readiness feed, hosted (token printed here, valid while this runs):\n  ${feedCurl(world)}\n`);
  const stop = () => {
    void playground
      .stop()
      .then(() => world.sandbox.stop())
      .finally(() => {
        process.stdout.write("\nStopped the app and the stand-in.\n");
        process.exit(0);
      });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
