/**
 * ENCRYPTION_KEY's 32 bytes: 64 hex characters, or base64 (standard or url-safe). The start-up check (lib/env.ts)
 * and every encryption (lib/crypto.ts) decode it the same way, so a key the server started with always works.
 */
export function decodeEncryptionKey(material: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
  if (key.length !== 32) throw new Error("ENCRYPTION_KEY must decode to exactly 32 bytes");
  return key;
}
