import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type DevSecrets = { AUTH_SECRET: string; ENCRYPTION_KEY: string; AUDIT_HMAC_KEY: string };

/**
 * Development only: generated once and kept in .data/ (git-ignored) so sessions and the encrypted demo provider
 * credentials survive a restart. Production must set both variables itself.
 */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) {
    const existing = JSON.parse(readFileSync(file, "utf8")) as Partial<DevSecrets>;
    // security: added after the file's first version; generated once into the existing file.
    if (!existing.AUDIT_HMAC_KEY) {
      existing.AUDIT_HMAC_KEY = randomBytes(32).toString("hex");
      writeFileSync(file, JSON.stringify(existing, null, 2), { mode: 0o600 });
    }
    return existing as DevSecrets;
  }
  const secrets: DevSecrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    AUDIT_HMAC_KEY: randomBytes(32).toString("hex"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
