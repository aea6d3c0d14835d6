import { demoDatabaseCopy, freePort, scratchDirectory, sessionCookieFor, startServer } from "./lib/harness.mjs";
import path from "node:path";
const dir = scratchDirectory("count");
const file = path.join(dir, "app.db");
await demoDatabaseCopy(file);
const port = await freePort();
const cookies = { teacher: sessionCookieFor(file, "teacher@example.org"), lead: sessionCookieFor(file, "lead@example.org") };
const server = await startServer({ databaseFile: file, port, buildDirectory: "build-main", env: { DEBUG: "prisma:driver-adapter:better-sqlite3" } });
for (const [who, p] of JSON.parse(process.argv[2])) {
  await fetch(server.baseUrl + p, { headers: { cookie: cookies[who] } }); // warm
  const before = server.output().length;
  const r = await fetch(server.baseUrl + p, { headers: { cookie: cookies[who] } });
  await r.text();
  await new Promise((res) => setTimeout(res, 100));
  const out = server.output().slice(before);
  const queries = out.split("\n").filter((l) => /js::(queryRaw|executeRaw)/.test(l));
  console.log(p, r.status, queries.length);
  if (process.env.SHOW) for (const q of queries) console.log("   ", q.replace(/.*sql: '/, "").slice(0, 160));
}
server.child.kill("SIGTERM");
await server.exited;
