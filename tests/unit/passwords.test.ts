import { describe, expect, it } from "vitest";
import { isCommonPassword, newPasswordSchema } from "~/auth/password-policy";
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
    expect(check("x".repeat(128)).success).toBe(true);
    expect(check("x".repeat(129)).success).toBe(false);
  });

  it("refuses the most common passwords, whatever their case", () => {
    expect(isCommonPassword("Password123")).toBe(true);
    expect(check("qwertyuiop").success).toBe(false);
    expect(check("1234567890").error?.issues[0]?.message).toMatch(/too common/);
    expect(check("kettle-orbit-lantern").success).toBe(true);
  });
});
