import { describe, expect, it } from "vitest";
import { sliceProfile, whereTimeGoes, type CpuProfile } from "../../scripts/lib/cpu-profile.mjs";

const APP = "file:///srv/app/build/server/index.js";
const NM = "file:///srv/app/node_modules";

/** A profile's call tree from [id, parent id, function, url]; the first entry is the root. */
function tree(entries: [number, number | null, string, string][]): CpuProfile["nodes"] {
  return entries.map(([id, , functionName, url]) => ({
    id,
    callFrame: { functionName, url, lineNumber: 0 },
    children: entries.filter(([, parent]) => parent === id).map(([child]) => child),
  }));
}

const nodes = tree([
  [1, null, "(root)", ""],
  [2, 1, "(idle)", ""],
  [3, 1, "(garbage collector)", ""],
  [4, 1, "handle", `${NM}/@remix-run/server-runtime/dist/server.js`],
  [5, 4, "loader", APP],
  [6, 5, "findMany", `${NM}/@prisma/client/runtime/client.js`],
  [7, 6, "wrapped", APP], // the app's code called back by Prisma: still data
  [8, 4, "renderToPipeableStream", `${NM}/react-dom/cjs/react-dom-server.node.production.min.js`],
  [9, 8, "Page", APP], // a component: rendering
  [10, 5, "readRows", APP], // the app's own SQLite reads: data
  [11, 4, "flatten", `${NM}/turbo-stream/dist/flatten.js`],
  [12, 4, "writev", ""],
  [13, 5, "hashToken", APP],
  [14, 4, "checkRequestBodies", "file:///srv/app/scripts/lib/request-guards.mjs"], // the server's middleware: the app's
  [15, 4, "loader", "file:///srv/app/build-next/server/index.js"], // another build's code
]);

/** Samples 100 µs apart from t = 1,000 µs, one for each node id given. */
function profileOf(samples: number[]): CpuProfile {
  return { nodes, startTime: 1_000, endTime: 1_000 + 100 * samples.length, samples, timeDeltas: samples.map(() => 100) };
}

describe("where a CPU profile's time goes", () => {
  it("counts each sample in the part its stack belongs to, idle left out", () => {
    const { byPart, busy } = whereTimeGoes(profileOf([2, 3, 6, 7, 10, 9, 8, 11, 12, 4, 13, 2, 2]));
    // Each sample stands for the 100 µs to the next; the last stands for none.
    expect(byPart).toEqual({ data: 300, rendering: 200, pageData: 100, app: 100, remix: 100, http: 100, gc: 100 });
    expect(busy).toBe(1_000);
  });

  it("ranks functions by their own time", () => {
    const { topFunctions } = whereTimeGoes(profileOf([6, 6, 6, 9, 9, 12, 2]), { top: 2 });
    expect(topFunctions).toEqual([
      ["findMany @prisma/client/runtime/client.js:1", 300],
      ["Page build/server/index.js:1", 200],
    ]);
  });

  it("counts the code of the build it is told of, and the server's own scripts, as the app's", () => {
    expect(whereTimeGoes(profileOf([14, 15, 2])).byPart).toMatchObject({ app: 100, http: 100 });
    expect(whereTimeGoes(profileOf([14, 15, 2]), { buildDirectory: "build-next" }).byPart).toMatchObject({ app: 200, http: 0 });
  });

  it("keeps only the samples taken inside a window, the last standing until the window's end", () => {
    // Samples at 1,100, 1,200, ... 1,600 µs.
    const slice = sliceProfile(profileOf([6, 6, 9, 9, 12, 12]), 1_250, 1_550);
    expect(slice.samples).toEqual([9, 9, 12]);
    expect(slice.timeDeltas).toEqual([50, 100, 100]);
    expect(slice.startTime).toBe(1_250);
    expect(whereTimeGoes(slice).byPart).toMatchObject({ rendering: 200, http: 50 });
  });
});
