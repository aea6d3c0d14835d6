/**
 * A filter the address gives that the form does not offer (an edited or old link, a locality since
 * removed) is not used: the figures are for "all", as the form then shows, and the page says why by the
 * field with a 400. The files refuse to be made rather than give figures for other filters than asked.
 */
import { describe, expect, it } from "vitest";
import { reachCsvResponse } from "~/models/reach-export.server";
import { readReachFilters } from "~/models/reach.server";
import { lead } from "./delivery-factories";
import { locality, school, topic } from "./reach-factories";

describe("filters in a reach address", () => {
  it("uses every value the form offers, and none it does not, saying which by the field", async () => {
    const place = await locality("Filtered", "Leicestershire");
    await school(place.id, 400, { localAuthority: "Leicestershire" });
    const knife = await topic("Knife crime");
    const known = new URLSearchParams({ year: "2025", term: "spring", la: "Leicestershire", locality: place.id, type: "SECONDARY", topic: knife.id });
    const good = await readReachFilters(known, new Date("2026-03-01T12:00:00Z"));
    expect(good.problems).toBeNull();
    expect(good.filters).toEqual({
      year: 2025,
      term: "spring",
      localAuthority: "Leicestershire",
      localityId: place.id,
      schoolType: "SECONDARY",
      topicId: knife.id,
    });

    const odd = new URLSearchParams({ year: "1999", term: "winter", la: "Atlantis", locality: "zzz", type: "CASTLE", topic: "x".repeat(101) });
    const bad = await readReachFilters(odd, new Date("2026-03-01T12:00:00Z"));
    expect(Object.keys(bad.problems ?? {}).sort()).toEqual(["la", "locality", "term", "topic", "type", "year"]);
    expect(bad.problems?.locality).toBe("There is no such locality: choose one from the list");
    expect(bad.filters).toEqual({ year: 2025, term: null, localAuthority: null, localityId: null, schoolType: null, topicId: null });
    // A year as pages write it is the same year.
    const written = await readReachFilters(new URLSearchParams({ year: "2025/26" }), new Date("2026-03-01T12:00:00Z"));
    expect([written.problems, written.filters.year]).toEqual([null, 2025]);
    // A filter given twice with different values is an edited link: neither is used.
    const twice = await readReachFilters(
      new URLSearchParams([
        ["year", "2025"],
        ["year", "2024"],
        ["term", "spring"],
        ["term", "spring"],
      ]),
      new Date("2026-03-01T12:00:00Z"),
    );
    expect(twice.problems).toEqual({ year: "There are no figures for that academic year: choose one from the list" });
    expect([twice.filters.year, twice.filters.term]).toEqual([2025, "spring"]);
    // Left empty, a filter is "all", not a problem.
    expect((await readReachFilters(new URLSearchParams({ la: "", locality: " ", topic: "" }))).problems).toBeNull();
  });

  it("makes no file for a filter the form does not offer", async () => {
    const response = await reachCsvResponse(await lead(), new URL("http://localhost/reach/schools.csv?locality=zzz"), "schools");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("No file was made: There is no such locality");
  });

  it("gives the published file only for publication=1, the exact one only without it, and refuses any other value", async () => {
    const file = (query: string) => reachCsvResponse(lead_, new URL(`http://localhost/reach/localities.csv?year=2025${query}`), "localities");
    const lead_ = await lead();
    const published = await file("&publication=1");
    expect(published.status).toBe(200);
    expect(published.headers.get("Content-Disposition")).toContain('-for-publication.csv"');
    expect(await published.text()).toContain("for publication");
    const exact = await file("");
    expect(exact.status).toBe(200);
    expect(exact.headers.get("Content-Disposition")).toContain('-exact-not-for-publication.csv"');
    expect(await exact.text()).toContain("not for publication");
    for (const query of [
      "&publication=yes",
      "&publication=true",
      "&publication=",
      "&publication=0",
      "&publication=1&publication=0",
      "&publication=1&publication=1",
    ]) {
      const refused = await file(query);
      expect(refused.status, query).toBe(400);
      expect(await refused.text()).toContain("No file was made: ask for the file for publication with the link");
    }
  });
});
