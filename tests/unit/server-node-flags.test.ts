import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root, SERVER_NODE_FLAGS } from "../../scripts/lib/harness.mjs";

/**
 * The server's V8 flags (its heap limits, decisions 0069 and 0089) are written in three places: the
 * scripts' harness (bench, drills, the two-worker test), `npm start` and the deployment's unit file.
 * They must say the same, or the server measured is not the server deployed.
 */
describe("the server's V8 flags", () => {
  const command = `node ${SERVER_NODE_FLAGS.join(" ")} scripts/start.mjs`;

  it("are the ones npm start runs the server with", () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(packageJson.scripts.start).toBe(command);
  });

  it("are the ones the deployment guide's service runs it with", () => {
    const deploy = fs.readFileSync(path.join(root, "docs/deploy.md"), "utf8");
    expect(deploy).toContain(`ExecStart=/usr/bin/${command}`);
  });
});
