import { describe, expect, it } from "vitest";
import { requestIdFor, routePattern, routeWords } from "../../scripts/request-log.mjs";

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
