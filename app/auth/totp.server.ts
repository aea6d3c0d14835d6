/**
 * Time-based one-time passwords (TOTP, RFC 6238) as authenticator apps make them: a 20-byte secret,
 * 6 digits, a new code every 30 seconds. The arithmetic is @oslojs/otp's; this module decides which
 * steps are accepted and how the secret is kept at rest (docs/decisions/0040 and 0041).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, decodeBase64, decodeHex, encodeBase32UpperCaseNoPadding, encodeBase64 } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import { env } from "~/env.server";

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ISSUER = "VRN Schools Forum";

/** A new random 160-bit secret (the size RFC 4226 recommends). */
export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The 30-second step a moment falls in: whole periods since the Unix epoch. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

/**
 * The step a 6-digit code belongs to, trying the current step and one either side (clocks on phones
 * drift, and people type slowly), or null when it matches none. Spaces in the code are ignored.
 */
export function stepOfCode(key: Uint8Array, code: string, now: Date): number | null {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const current = totpStep(now);
  for (const step of [current, current - 1, current + 1]) {
    if (verifyHOTP(key, BigInt(step), DIGITS, digits)) return step;
  }
  return null;
}

/** The secret as people type it into an app by hand: base32, upper case, in groups of four. */
export function secretForDisplay(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The enrolment QR code as an SVG data URI: the `otpauth://totp/...` address holding the issuer, the
 * person's email and the secret, which authenticator apps read.
 */
export async function enrolmentQrCode(key: Uint8Array, email: string): Promise<string> {
  const uri = createTOTPKeyURI(ISSUER, email, key, PERIOD_SECONDS, DIGITS);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${encodeBase64(new TextEncoder().encode(svg))}`;
}

const ENCRYPTED = "aes-256-gcm:";
const PLAIN = "plain:";

function configuredKey(): Uint8Array | null {
  return env.TWO_STEP_KEY ? decodeHex(env.TWO_STEP_KEY.toLowerCase()) : null;
}

/**
 * The secret as stored in `TwoStep.secret`: AES-256-GCM under `encryptionKey` (TWO_STEP_KEY) when there
 * is one, as `aes-256-gcm:<iv>:<tag>:<ciphertext>` in base64, else `plain:<base32>` (see 0041).
 */
export function sealSecret(key: Uint8Array, encryptionKey: Uint8Array | null = configuredKey()): string {
  if (!encryptionKey) return `${PLAIN}${encodeBase32UpperCaseNoPadding(key)}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return `${ENCRYPTED}${[iv, cipher.getAuthTag(), ciphertext].map((part) => encodeBase64(part)).join(":")}`;
}

/**
 * The secret back from its stored form. Throws when it was encrypted and TWO_STEP_KEY is missing or
 * different (the server is misconfigured: no code could be checked), or when the value is not one we wrote.
 */
export function openSecret(stored: string, encryptionKey: Uint8Array | null = configuredKey()): Uint8Array {
  if (stored.startsWith(PLAIN)) return decodeBase32IgnorePadding(stored.slice(PLAIN.length));
  if (!stored.startsWith(ENCRYPTED)) throw new Error("Unrecognised two-step secret format");
  if (!encryptionKey) throw new Error("A two-step secret is encrypted but TWO_STEP_KEY is not set");
  const parts = stored.slice(ENCRYPTED.length).split(":");
  if (parts.length !== 3) throw new Error("Unrecognised two-step secret format");
  const [iv, tag, ciphertext] = parts.map((part) => decodeBase64(part)) as [Uint8Array, Uint8Array, Uint8Array];
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey, iv);
  decipher.setAuthTag(tag);
  return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}
