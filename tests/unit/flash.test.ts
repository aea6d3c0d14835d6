import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { FLASH_MESSAGE_LENGTH, readFlash, redirectWithMessage } from "~/lib/flash.server";

function contextWithCookies() {
  const cookies: string[] = [];
  const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.1", secureCookies: false, setCookie: (c: string) => void cookies.push(c) };
  return { context, cookies };
}

const requestWith = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });

describe("one-off messages", () => {
  it("travel with the redirect in a short HttpOnly cookie, are read once, then cleared", async () => {
    const response = await redirectWithMessage("/schools", "St Mary’s École added; 3 of 5 done");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/schools");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^vrn_flash=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);

    const { context, cookies } = contextWithCookies();
    expect(await readFlash(requestWith(`other=1; ${setCookie.split(";")[0]}`), context)).toEqual({ message: "St Mary’s École added; 3 of 5 done" });
    expect(cookies).toEqual(["vrn_flash=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax"]);
  });

  it("go to the top of the page they show on, never to a part of it, which would scroll the message out of sight", async () => {
    const response = await redirectWithMessage("/mvp?year=2025#lessons", {
      message: "Lesson for 7Z recorded.",
      link: { to: "/mvp?year=2025#lessons", text: "Go to the mentor-led lessons" },
    });
    expect(response.headers.get("Location")).toBe("/mvp?year=2025");
    const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect((await readFlash(requestWith(cookie), contextWithCookies().context))?.link).toEqual({
      to: "/mvp?year=2025#lessons",
      text: "Go to the mentor-led lessons",
    });
  });

  it("longer than can be shown, keep their whole sentences and say more was cut, never stopping part-way through one", async () => {
    const sentence = (n: number) => `Sentence ${n} says what happened to one school, in words a little longer than most.`;
    const long = Array.from({ length: 12 }, (_, i) => sentence(i + 1)).join(" ");
    const cookie = ((await redirectWithMessage("/", long)).headers.get("Set-Cookie") ?? "").split(";")[0]!;
    const shown = (await readFlash(requestWith(cookie), contextWithCookies().context))!.message;
    expect(shown.length).toBeLessThanOrEqual(FLASH_MESSAGE_LENGTH);
    expect(shown).toMatch(/^Sentence 1 says .*\.…$/);
    expect(
      shown
        .slice(0, -1)
        .split(". ")
        .every((part) => /^Sentence \d+ says what happened to one school, in words a little longer than most\.?$/.test(part)),
    ).toBe(true);
  });

  it("are none when there is no cookie", async () => {
    const { context, cookies } = contextWithCookies();
    expect(await readFlash(new Request("http://localhost/"), context)).toBeNull();
    expect(cookies).toEqual([]);
  });

  it("are none, and never an error, when the cookie cannot be decoded", async () => {
    for (const value of ["%", "%ZZ", "not-base64!", "bnVsbA"]) {
      const { context } = contextWithCookies();
      expect(await readFlash(requestWith(`vrn_flash=${value}`), context)).toBeNull();
    }
  });

  it("are signed with the service's own key, so a message made elsewhere is never shown", async () => {
    const genuine = ((await redirectWithMessage("/", "Saved")).headers.get("Set-Cookie") ?? "").split(";")[0]!;
    const [value] = genuine.slice("vrn_flash=".length).split(".");
    // The same message without its signature, and a planted one claiming to be from the service.
    const planted = Buffer.from(JSON.stringify({ __flash_flash__: { message: "Your account is locked", link: { to: "/x", text: "Unlock" } } })).toString(
      "base64",
    );
    for (const forged of [`vrn_flash=${value}`, `vrn_flash=${planted}`, `vrn_flash=${planted}.${genuine.split(".")[1]}`]) {
      expect(await readFlash(requestWith(forged), contextWithCookies().context)).toBeNull();
    }
    expect(await readFlash(requestWith(genuine), contextWithCookies().context)).toEqual({ message: "Saved" });
  });

  it("carry one link to a page of this site, and drop a link that leaves it", async () => {
    const read = async (link: { to: string; text: string }) => {
      const response = await redirectWithMessage("/x", { message: "Booking confirmed.", link });
      const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;
      return readFlash(requestWith(cookie), contextWithCookies().context);
    };
    const invite = { to: "/admin/users/invite?schoolId=abc", text: "Invite someone from Oakfield School" };
    expect(await read(invite)).toEqual({ message: "Booking confirmed.", link: invite });
    for (const to of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
      expect(await read({ to, text: "Go" })).toEqual({ message: "Booking confirmed." });
    }
  });
});
