// @ts-check
// `npm test`: every stage in order, each one's time printed, stopping at the first that fails.
import { spawnSync } from "node:child_process";

// The npm scripts to run, in order. Adding a stage is adding its name here.
// The unit tests run twice: on SQLite (test:unit) and on PostgreSQL (test:postgresql).
const stages = ["lint", "typecheck", "test:unit", "test:postgresql", "build", "test:e2e"];

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const npm = process.env.npm_execpath ? { command: process.execPath, args: [process.env.npm_execpath] } : { command: "npm", args: [] };

/** @type {[string, number][]} */
const done = [];
let failed;
for (const stage of stages) {
  console.log(`\n> npm test: ${stage}`);
  const started = performance.now();
  const result = spawnSync(npm.command, [...npm.args, "run", stage], { stdio: "inherit", shell: process.platform === "win32" });
  const took = performance.now() - started;
  done.push([stage, took]);
  console.log(`> npm test: ${stage} ${result.status === 0 ? "passed" : "FAILED"} in ${seconds(took)}`);
  if (result.status !== 0) {
    failed = stage;
    break;
  }
}

console.log("\nStage times:");
for (const [stage, took] of done) console.log(`  ${stage.padEnd(16)} ${seconds(took).padStart(9)}`);
console.log(`  ${"total".padEnd(16)} ${seconds(done.reduce((sum, [, took]) => sum + took, 0)).padStart(9)}`);
if (failed) {
  console.error(`\nnpm test failed at: ${failed}`);
  process.exit(1);
}
