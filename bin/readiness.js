#!/usr/bin/env node
// The installed `readiness` command. `npm ci` builds dist/ (the `prepare` script); during
// development run `npm run readiness -- <command>` instead, which needs no build.
import { main } from "../dist/cli/main.js";

process.exitCode = await main();
