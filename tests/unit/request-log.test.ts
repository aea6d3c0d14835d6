import type { AddressInfo } from "node:net";
import net from "node:net";
import express from "express";
import { describe, expect, it, vi } from "vitest";
import pino from "pino";
import {
  LOG_OPTIONS,
  logConsoleAsJson,
  logger,
  requestIdFor,
  requestLog,
  routePattern,
  routeWords,
  withoutEmailAddresses,
} from "../../scripts/request-log.mjs";

const words = routeWords({
  routes: {
    root: { path: "" },
    "routes/s.$code": { path: "s/:code" },
    "routes/bookings.$bookingId.calendar[.]ics": { path: "bookings/:bookingId/calendar.ics" },
    "routes/setup.$token": { path: "setup/:token" },
    "routes/sessions.deliveries.$deliveryId.book": { path: "sessions/deliveries/:deliveryId/book" },
    "routes/$": { path: "*" },
  },
});

describe("request log route patterns", () => {
  it("keep the routes' fixed words and replace every other segment", () => {
    expect(routePattern("/s/KM7P4XQD", words)).toBe("/s/:param");
    expect(routePattern("/setup/ye7kv5bftpo5v6m5mh623tu2va7ud2cv", words)).toBe("/setup/:param");
    expect(routePattern("/bookings/cm3abc/calendar.ics", words)).toBe("/bookings/:param/calendar.ics");
    expect(routePattern("/sessions/deliveries/cm9xyz/book.data", words)).toBe("/sessions/deliveries/:param/book.data");
    expect(routePattern("/s/KM7P4XQD.data", words)).toBe("/s/:param.data");
    expect(routePattern("/", words)).toBe("/");
  });

  it("never carry an email or a name typed into an address", () => {
    expect(routePattern("/jo.bloggs@school.example.org/Jo%20Bloggs", words)).toBe("/:param/:param");
  });
});

describe("request ids", () => {
  it("keep a safe short token from a proxy and replace anything else with a new UUID", () => {
    expect(requestIdFor("edge-7f3a.2_Q")).toBe("edge-7f3a.2_Q");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const unsafe of [undefined, "", 'x", "status": 200', "a".repeat(65), "two words", "line\nbreak"]) {
      expect(requestIdFor(unsafe)).toMatch(uuid);
    }
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });
});

describe("the request log's line", () => {
  it("gives the status sent, and says when the sender went before any answer, with no status", async () => {
    const lines: Record<string, unknown>[] = [];
    const info = vi.spyOn(logger, "info").mockImplementation(((line: Record<string, unknown>) => void lines.push(line)) as typeof logger.info);
    const app = express();
    app.use(requestLog({ words: async () => new Set(["answered", "unanswered"]) }));
    app.get("/answered", (_req, res) => void res.status(204).end());
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    // Answers only once its sender has gone, as a slow page would.
    app.get("/unanswered", (req, res) => {
      arrive();
      req.socket.once("close", () => res.end());
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await fetch(`http://127.0.0.1:${port}/answered`);
      const leaving = net.connect(port, "127.0.0.1");
      leaving.write("GET /unanswered HTTP/1.1\r\nHost: x\r\n\r\n");
      await arrived;
      leaving.destroy();
      await vi.waitFor(() => expect(lines).toHaveLength(2));
    } finally {
      info.mockRestore();
      server.close();
    }
    expect(lines.find((line) => line.route === "/answered")).toMatchObject({ status: 204 });
    expect(lines.find((line) => line.route === "/answered")).not.toHaveProperty("senderGone");
    expect(lines.find((line) => line.route === "/unanswered")).toMatchObject({ status: null, senderGone: true });
  });
});

describe("errors written by the service's code", () => {
  it("are error lines of the log, with the error's stack, and never an email address", () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(LOG_OPTIONS, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const { error: before, warn: warnBefore } = console;
    try {
      logConsoleAsJson(log);
      // A mail server's refusal quotes the address it refused, in the error's message and in the fields
      // nodemailer adds to it (`response`, `rejected`), and in its cause.
      const refusal = Object.assign(new Error("550 5.1.1 <harry.h@heron-school.sch.uk>: no such user"), {
        response: "550 5.1.1 <harry.h@heron-school.sch.uk>: Recipient address rejected",
        rejected: ["harry.h@heron-school.sch.uk"],
        responseCode: 550,
        cause: new Error("bob@school.org refused"),
      });
      console.error('Could not send "Booking confirmed" to harry.h@heron-school.sch.uk:', refusal);
      console.warn("The WAL checkpoint thread exited");
    } finally {
      console.error = before;
      console.warn = warnBefore;
    }
    expect(lines).toMatchObject([
      {
        level: "error",
        msg: 'Could not send "Booking confirmed" to [email address]:',
        err: {
          type: "Error",
          // pino adds the cause to the message.
          message: "550 5.1.1 <[email address]>: no such user: [email address] refused",
          stack: expect.stringContaining("request-log.test.ts"),
          response: "550 5.1.1 <[email address]>: Recipient address rejected",
          rejected: ["[email address]"],
          responseCode: 550,
        },
      },
      { level: "warn", msg: "The WAL checkpoint thread exited" },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/@heron|@school/);
  });

  it("keep the paths in an error's stack whole: a scoped package's folder is not an email address", () => {
    const frame = "    at file:///srv/vrn/node_modules/@prisma/client/runtime/client.js:525:27";
    expect(withoutEmailAddresses(frame)).toBe(frame);
    expect(withoutEmailAddresses("C:\\vrn\\node_modules\\@prisma\\client\\runtime.js")).toBe("C:\\vrn\\node_modules\\@prisma\\client\\runtime.js");
    expect(withoutEmailAddresses(`${frame} for harry.h@heron-school.sch.uk`)).toBe(`${frame} for [email address]`);
  });
});
