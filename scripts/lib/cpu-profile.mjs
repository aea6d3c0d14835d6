// @ts-check
// Reading a V8 CPU profile (the `.cpuprofile` that `node --cpu-prof` writes, which Chrome's DevTools
// opens): the samples taken between two moments, the share of them in each part of the server, and the
// functions that took most. Used by `npm run bench:profile`.

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], startTime: number, endTime: number, samples: number[], timeDeltas: number[] }} CpuProfile
 */

/**
 * The parts of the server a sample is counted in, in the order they are tried: a sample whose stack
 * holds Prisma's or SQLite's code (or the app's own calls to SQLite) is data, whatever called it; one under React's renderer is rendering;
 * one under turbo-stream is the loader data written into the page for the browser. The rest go by the
 * function that was running: the app's own code, Remix and its router, or the HTTP server and the rest.
 */
export const PARTS = /** @type {const} */ ({
  data: "data (Prisma, SQLite)",
  rendering: "rendering (React)",
  pageData: "loader data for the browser (turbo-stream)",
  app: "the app's own code (its build, and its HTTP server's middleware in scripts/)",
  remix: "Remix and its router",
  http: "Node's HTTP server, streams, web Request and Response objects, Express, logging and the rest",
  gc: "garbage collection",
});

/** @typedef {keyof typeof PARTS} Part */

/**
 * The app's own functions that run SQLite's statements themselves, not through Prisma: reach's read-only
 * connection (app/models/reach-db.server.ts) and a write run in one go (app/lib/sqlite-adapter.server.ts).
 * A profile written by `--cpu-prof` has no frames for better-sqlite3's native methods: their time is
 * their caller's own (Prisma adapter's `performIO`, or these).
 */
const APP_SQLITE_FUNCTIONS = new Set(["readRows", "#runNow"]);

/**
 * Whether `url` is the app's own code: its server build (in `buildDirectory`) or the repository's
 * `scripts/` (the HTTP server and its middleware), never a package.
 * @param {string} url
 * @param {string} buildDirectory
 */
function isAppCode(url, buildDirectory) {
  return !url.includes("/node_modules/") && (url.includes(`/${buildDirectory}/server/`) || url.includes("/scripts/"));
}

/**
 * For each node of `profile`, the part its samples count in (undefined for idle). Works down from the
 * root, so each node's verdict uses its ancestors' without walking the stack again.
 * @param {CpuProfile} profile
 * @param {string} buildDirectory the server build's folder name, e.g. "build"
 * @returns {Map<number, Part | undefined>}
 */
function partsByNode(profile, buildDirectory) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, Part | undefined>} */
  const parts = new Map();
  /** @type {[ProfileNode, { data: boolean, rendering: boolean, pageData: boolean }][]} */
  const stack = profile.nodes[0] ? [[profile.nodes[0], { data: false, rendering: false, pageData: false }]] : [];
  while (stack.length > 0) {
    const [node, above] = /** @type {[ProfileNode, { data: boolean, rendering: boolean, pageData: boolean }]} */ (stack.pop());
    const { functionName: name, url } = node.callFrame;
    const here = {
      data: above.data || /node_modules\/(@prisma|better-sqlite3)\//.test(url) || (isAppCode(url, buildDirectory) && APP_SQLITE_FUNCTIONS.has(name)),
      rendering: above.rendering || /node_modules\/react-dom\//.test(url),
      pageData: above.pageData || /node_modules\/turbo-stream\//.test(url),
    };
    /** @type {Part | undefined} */
    let part;
    if (name === "(idle)") part = undefined;
    else if (name === "(garbage collector)") part = "gc";
    else if (here.data) part = "data";
    else if (here.rendering) part = "rendering";
    else if (here.pageData) part = "pageData";
    else if (isAppCode(url, buildDirectory)) part = "app";
    else if (/node_modules\/(@remix-run|react-router)/.test(url)) part = "remix";
    else part = "http";
    parts.set(node.id, part);
    for (const child of node.children ?? []) {
      const childNode = byId.get(child);
      if (childNode) stack.push([childNode, here]);
    }
  }
  return parts;
}

/**
 * The samples of `profile` taken from `from` until `to` (microseconds on the clock of
 * `process.hrtime.bigint() / 1000n`, which V8's profiler shares on Linux), each with the time it stands
 * for (the gap to the next sample), as a profile of its own that DevTools can open.
 * @param {CpuProfile} profile
 * @param {number} from
 * @param {number} to
 * @returns {CpuProfile}
 */
export function sliceProfile(profile, from, to) {
  /** @type {number[]} */
  const samples = [];
  /** @type {number[]} */
  const timeDeltas = [];
  let time = profile.startTime;
  let last = from;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    if (time < from || time >= to) continue;
    samples.push(/** @type {number} */ (profile.samples[i]));
    timeDeltas.push(time - last);
    last = time;
  }
  return { nodes: profile.nodes, startTime: from, endTime: to, samples, timeDeltas };
}

/**
 * Where the busy time (the main thread not idle, by the clock) of `profile` went. Each sample stands for
 * the time until the next one, the last for the time until the profile's end.
 * @param {CpuProfile} profile
 * @param {{ top?: number, buildDirectory?: string }} [options] how many functions to list (5), and the
 *   server build's folder name ("build"), whose code is the app's
 * @returns {{ byPart: Record<Part, number>, busy: number, topFunctions: [string, number][] }} microseconds
 *   per part (idle left out), their sum, and the `top` functions by their own time (not counting what they
 *   called), each named with its file and line
 */
export function whereTimeGoes(profile, { top = 5, buildDirectory = "build" } = {}) {
  const parts = partsByNode(profile, buildDirectory);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Record<Part, number>} */
  const byPart = { data: 0, rendering: 0, pageData: 0, app: 0, remix: 0, http: 0, gc: 0 };
  /** @type {Map<string, number>} */
  const byFunction = new Map();
  let busy = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    const took = profile.timeDeltas[i + 1] ?? Math.max(0, profile.endTime - time);
    const id = /** @type {number} */ (profile.samples[i]);
    const part = parts.get(id);
    if (part === undefined) continue;
    byPart[part] += took;
    busy += took;
    const frame = /** @type {ProfileNode} */ (byId.get(id)).callFrame;
    const file = frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(scripts|[^/]+\/server)\//, "$1/");
    const key = `${frame.functionName || "(anonymous)"}${file ? ` ${file}:${frame.lineNumber + 1}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + took);
  }
  const topFunctions = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { byPart, busy, topFunctions };
}
