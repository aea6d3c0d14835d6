// @ts-check
// `npm test`: every stage, each one's time printed, stopping at the first step that fails.
import { spawn } from "node:child_process";

// The npm scripts to run: each step's stages run side by side, the steps in order. Adding a stage is
// adding its name here. The checks that read the code and the build each use about one core and need
// nothing from each other (lint and the type check skip the build's folder), so they share a step; the
// unit tests use every core, on SQLite (test:unit) and then on PostgreSQL (test:postgresql); the browser
// tests need the build.
const steps = [["lint", "typecheck", "build"], ["test:unit"], ["test:postgresql"], ["test:e2e"]];

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const npm = process.env.npm_execpath ? { command: process.execPath, args: [process.env.npm_execpath] } : { command: "npm", args: [] };

/**
 * Runs `npm run <stage>`. Alone in its step, its output streams through as it comes; beside others, it
 * is kept and printed whole when the stage ends, so two stages' lines never mix.
 * @param {string} stage
 * @param {boolean} alone
 * @returns {Promise<{ stage: string, passed: boolean, took: number }>}
 */
function runStage(stage, alone) {
  console.log(`\n> npm test: ${stage}${alone ? "" : " (beside the rest of its step)"}`);
  const started = performance.now();
  const child = spawn(npm.command, [...npm.args, "run", stage], { stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
  /** @type {Buffer[]} */
  const output = [];
  child.stdout?.on("data", (chunk) => output.push(chunk));
  child.stderr?.on("data", (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const took = performance.now() - started;
      if (!alone) process.stdout.write(Buffer.concat(output));
      console.log(`> npm test: ${stage} ${code === 0 ? "passed" : "FAILED"} in ${seconds(took)}`);
      resolve({ stage, passed: code === 0, took });
    });
  });
}

/** @type {{ stage: string, passed: boolean, took: number }[]} */
const done = [];
const started = performance.now();
for (const step of steps) {
  const results = await Promise.all(step.map((stage) => runStage(stage, step.length === 1)));
  done.push(...results);
  if (results.some((result) => !result.passed)) break;
}

console.log("\nStage times (a step's stages ran side by side):");
for (const { stage, took } of done) console.log(`  ${stage.padEnd(16)} ${seconds(took).padStart(9)}`);
console.log(`  ${"total".padEnd(16)} ${seconds(performance.now() - started).padStart(9)}`);
const failed = done.filter((result) => !result.passed).map((result) => result.stage);
if (failed.length > 0) {
  console.error(`\nnpm test failed at: ${failed.join(", ")}`);
  process.exit(1);
}
