import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 128;

// The most common passwords that are long enough to pass the length rule, from published breach lists.
const COMMON_PASSWORDS = new Set([
  "1234567890",
  "12345678910",
  "123456789a",
  "0123456789",
  "0987654321",
  "1111111111",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "a123456789",
  "abcdefghij",
  "abc1234567",
  "iloveyou12",
  "letmein123",
  "password01",
  "password12",
  "password123",
  "password1234",
  "password!!",
  "passw0rd123",
  "qwerty1234",
  "qwerty12345",
  "qwerty123456",
  "qwertyuiop",
  "q1w2e3r4t5",
  "trustno1234",
  "welcome123",
  "welcome1234",
  "football123",
  "liverpool1",
  "manchester1",
  "chelsea1234",
  "arsenal1234",
  "leicester1",
  "leicestercity",
  "sunshine123",
  "princess123",
  "starwars123",
  "changeme123",
  "administrator",
  "zaq12wsxcde",
  "1qazxsw23edc",
  "asdfghjkl1",
  "zxcvbnm123",
  "schools123",
  "teacher123",
  "teacher1234",
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.trim().toLowerCase());
}

export const newPasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
  .refine((password) => !isCommonPassword(password), {
    message: "This password is too common. Choose one that is harder to guess",
  });
