import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isCommonPassword, newPasswordSchema, passwordProblem, refuseOwnDetails } from "~/auth/password-policy";
import { hashPassword, verifyPassword } from "~/auth/password.server";

describe("password hashing", () => {
  it("uses argon2id with 19 MiB, 2 iterations and 1 lane", async () => {
    const hash = await hashPassword("a long enough passphrase");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("a long enough passphrase");
    expect(await verifyPassword(hash, "a long enough passphrase")).toBe(true);
    expect(await verifyPassword(hash, "a long enough passphrasE")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password here")).not.toBe(await hashPassword("same password here"));
  });

  it("treats a malformed stored hash as a wrong password rather than an error", async () => {
    expect(await verifyPassword("not-a-hash", "anything at all")).toBe(false);
  });
});

describe("password policy", () => {
  const check = (password: string) => newPasswordSchema.safeParse(password);

  it("needs at least 10 characters and at most 128", () => {
    expect(check("short1234").success).toBe(false);
    expect(check("ten chars!").success).toBe(true);
    expect(check("xy".repeat(64)).success).toBe(true);
    expect(check(`${"xy".repeat(64)}z`).success).toBe(false);
  });

  it("refuses the most common passwords, whatever their case", () => {
    expect(isCommonPassword("Password123")).toBe(true);
    expect(check("qwertyuiop").success).toBe(false);
    expect(check("1234567890").error?.issues[0]?.message).toMatch(/too common/);
    expect(check("kettle-orbit-lantern").success).toBe(true);
  });

  it("refuses passwords of only spaces, or one character repeated", () => {
    expect(check(" ".repeat(10)).error?.issues[0]?.message).toBe("Password must not be only spaces");
    expect(check("\t".repeat(12)).success).toBe(false);
    expect(check("aaaaaaaaaa").error?.issues[0]?.message).toBe("Password must not be one character repeated");
    expect(check("AaAaAaAaAa").success).toBe(false);
    expect(check("  zzzzzzzzzz  ").success).toBe(false);
  });

  it("refuses a password shaped like an email address", () => {
    expect(check("someone@school.org.uk").error?.issues[0]?.message).toBe("Password must not be an email address");
  });

  it("checks a large shipped list of common and breached passwords, not only a few", () => {
    for (const breached of ["basketball", "michael123", "superman123", "1q2w3e4r5t6y"]) expect(check(breached).success).toBe(false);
    expect(check("correct horse battery staple").success).toBe(true);
  });

  it("refuses the account's own email address or name, when the form knows them", () => {
    const owner = { email: "jo.bloggs@school.org.uk", name: "Jo Bloggs-Smith" };
    expect(passwordProblem("jo.bloggs@school.org.uk", owner)).toBe("Password must not be an email address");
    expect(passwordProblem("JO.BLOGGS.school.org.uk", owner)).toBe("Password must not be your email address");
    expect(passwordProblem("jo.bloggs", { ...owner, email: "jo.bloggs.teacher@school.org.uk" })).toBe("Password must be at least 10 characters");
    expect(passwordProblem("jobloggs-smith", owner)).toBe("Password must not be your name");
    expect(passwordProblem("Jo Bloggs Smith", owner)).toBe("Password must not be your name");
    expect(passwordProblem("Jo Bloggs Smith")).toBeNull();
  });

  it("puts the account-details message by the password field of a form", () => {
    const form = z.object({ email: z.string(), password: newPasswordSchema }).superRefine(refuseOwnDetails("password", (value) => ({ email: value.email })));
    const result = form.safeParse({ email: "mrs.patel@school.org.uk", password: "mrs.patel@school.org.uk".replace("@", " at ") });
    expect(result.success).toBe(true);
    const own = form.safeParse({ email: "mrs.patel@school.org.uk", password: "mrspatel@schoolorguk" });
    expect(own.error?.issues).toEqual([expect.objectContaining({ path: ["password"], message: "Password must not be your email address" })]);
  });
});
