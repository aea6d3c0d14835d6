import { describe, expect, it } from "vitest";
import { listPageTitle, listsPageTitle } from "~/lib/page-title";

describe("the title of a page of a list", () => {
  it("says which page of one list it is, while the list runs to more than one", () => {
    expect(listPageTitle("Schools", { page: 2, pageCount: 14 })).toBe("Schools (page 2 of 14) – VRN Schools Forum");
    expect(listPageTitle("Schools", { page: 1, pageCount: 1 })).toBe("Schools – VRN Schools Forum");
    expect(listPageTitle("Schools", undefined)).toBe("Schools – VRN Schools Forum");
  });

  it("names each of several lists that is past its first page, and no other", () => {
    const lists = (past: number, cancelled: number) => [
      { name: "past sessions", list: { page: past, pageCount: 5 } },
      { name: "cancelled or declined", list: { page: cancelled, pageCount: 3 } },
    ];
    expect(listsPageTitle("Your school's bookings", lists(1, 1))).toBe("Your school's bookings – VRN Schools Forum");
    expect(listsPageTitle("Your school's bookings", lists(2, 1))).toBe("Your school's bookings (past sessions, page 2 of 5) – VRN Schools Forum");
    expect(listsPageTitle("Your school's bookings", lists(1, 3))).toBe("Your school's bookings (cancelled or declined, page 3 of 3) – VRN Schools Forum");
    expect(listsPageTitle("Your school's bookings", lists(4, 2))).toBe(
      "Your school's bookings (past sessions, page 4 of 5; cancelled or declined, page 2 of 3) – VRN Schools Forum",
    );
    // An error page has no loader data: the page's name alone.
    expect(listsPageTitle("Users", [{ name: "users", list: undefined }])).toBe("Users – VRN Schools Forum");
  });
});
