/** The Action's entry (`action.yml` runs the bundle of this file): no logic here, see runner.ts. */
import { runAction } from "./runner.js";

process.exitCode = await runAction({ env: process.env, stdout: process.stdout });
