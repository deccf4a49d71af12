import fc from "fast-check";

/**
 * Property tests explore fresh random inputs on every local run, which is how they find bugs. In
 * CI (CI=true) they replay a fixed seed, so a landing never depends on the luck of the draw; set
 * FC_SEED to replay a failure fast-check reported (it prints the seed).
 */
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261123 : undefined;
if (seed !== undefined && Number.isFinite(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
