import { headers } from "next/headers";
import type { RequestMeta } from "./session-user";

export function metaFromHeaders(source: Headers): RequestMeta {
  const forwarded = source.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || source.get("x-real-ip") || null,
    userAgent: source.get("user-agent")?.slice(0, 512) ?? null,
  };
}

export async function currentRequestMeta(): Promise<RequestMeta> {
  return metaFromHeaders(await headers());
}
