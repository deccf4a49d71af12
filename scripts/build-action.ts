/**
 * Bundles the GitHub Action (`npm run build:action`): src/action/main.ts and every dependency in
 * one ES module, action/index.js, which `action.yml` runs on `node24` from a checkout of this
 * repository with no install step. The bundle is committed; a test fails when it differs from what
 * this writes, so run it after changing anything the Action uses.
 *
 * The bundle stays at <root>/action/ so the notes templates are found as they are from dist/: the
 * code walks up from its own file to the folder holding package.json and templates/.
 */
import { build, type BuildOptions } from "esbuild";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ACTION_BUNDLE = join(ROOT, "action", "index.js");

const BANNER = [
  "// The Release Readiness GitHub Action, bundled by `npm run build:action` from src/action/main.ts. Do not edit.",
  // Bundled CommonJS packages call require() for Node's built-ins, which an ES module lacks.
  'import { createRequire as __readinessCreateRequire } from "node:module";',
  "const require = __readinessCreateRequire(import.meta.url);",
].join("\n");

/**
 * The same input gives the same bytes: no minification names, no metafile, no source map, paths
 * in comments relative to the repository (symlinks kept, so a node_modules linked from elsewhere
 * reads as node_modules/ too).
 */
export function actionBuildOptions(outfile: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, "src", "action", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    // action.yml runs it on node24; node20 syntax also lets the tests run it on the machine's Node 20.
    target: "node20",
    preserveSymlinks: true,
    legalComments: "eof",
    charset: "utf8",
    banner: { js: BANNER },
    logLevel: "error",
    write: true,
  };
}

export async function buildActionBundle(outfile: string = ACTION_BUNDLE): Promise<void> {
  const result = await build(actionBuildOptions(outfile));
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join("; ")}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildActionBundle();
  console.log(`wrote ${relative(ROOT, ACTION_BUNDLE)}`);
}
