/**
 * Per-account access-token cache shared by all provider instances in the process: one in-flight
 * fetch shared by concurrent callers, refreshed ahead of expiry. Tokens never leave this module
 * except as the header value of an outgoing request.
 */

import { createHash } from "node:crypto";
import { outsideRequestHook } from "@/lib/providers/http";

export type CachedToken = { value: string; expiresAt: number; refreshAt: number };

/** Refresh 5 minutes before expiry, or halfway through very short lifetimes (test tokens). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export function tokenTimes(now: number, ttlMs: number): { expiresAt: number; refreshAt: number } {
  const margin = Math.min(REFRESH_MARGIN_MS, ttlMs / 2);
  return { expiresAt: now + ttlMs, refreshAt: now + ttlMs - margin };
}

/**
 * A short stand-in for a secret in a cache key, so a token fetched with an old secret is never served for a new one
 * (an old token stays valid until it expires). SECURITY: computed in memory for the key only; never logged or stored.
 */
export function secretFingerprint(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 16);
}

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();

  async get(key: string, now: number, fetchToken: () => Promise<CachedToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && now < cached.refreshAt) return cached.value;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = outsideRequestHook(fetchToken)
        .then((token) => {
          this.tokens.set(key, token);
          return token;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    // A still-valid token keeps serving while an early refresh fails.
    try {
      return (await pending).value;
    } catch (error) {
      if (cached && now < cached.expiresAt) return cached.value;
      throw error;
    }
  }

  /** Drop the token after a 401, unless another caller already replaced it. */
  invalidate(key: string, value: string): void {
    if (this.tokens.get(key)?.value === value) this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
    this.inflight.clear();
  }
}

export const sharedTokenCache = new TokenCache();
