import { randomInt } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper and typed by hand.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function randomCode(): string {
  let text = "";
  for (let i = 0; i < 10; i += 1) text += ALPHABET[randomInt(ALPHABET.length)];
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** Ten fresh codes and their argon2 hashes: the codes are shown once, only the hashes are stored. */
export async function generateRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(code)));
  return { codes, hashes };
}

export function looksLikeRecoveryCode(input: string): boolean {
  return /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(input.trim());
}

export function canonicalRecoveryCode(input: string): string {
  const compact = input.trim().toLowerCase().replace(/[\s-]/g, "");
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
}

export async function matchRecoveryCode(input: string, stored: readonly { id: string; codeHash: string }[]): Promise<string | null> {
  const code = canonicalRecoveryCode(input);
  for (const candidate of stored) if (await verifyPassword(candidate.codeHash, code)) return candidate.id;
  return null;
}
