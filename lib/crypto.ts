import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeEncryptionKey } from "@/lib/encryption-key";
import { env } from "@/lib/env";

const VERSION = "v1";

const keyFrom = decodeEncryptionKey;

/** AES-256-GCM; the output is self-describing: v1.<iv>.<tag>.<ciphertext>, all base64url. */
export function encryptString(plaintext: string, keyMaterial = env().ENCRYPTION_KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(keyMaterial), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptString(payload: string, keyMaterial = env().ENCRYPTION_KEY): string {
  const [version, iv, tag, body] = payload.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Unrecognised encrypted payload");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(keyMaterial), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function encryptJson(value: unknown, keyMaterial?: string): string {
  return encryptString(JSON.stringify(value), keyMaterial);
}

export function decryptJson(payload: string, keyMaterial?: string): unknown {
  return JSON.parse(decryptString(payload, keyMaterial));
}
