import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, HSTS_VALUE, newNonce } from "@/lib/security-headers";

/**
 * A fresh nonce per request, handed to the render through the request's CSP header (Next.js puts it on its own
 * scripts) and x-nonce (the root layout's theme script), and the same policy on the response. HSTS only when
 * the request came over https (x-forwarded-proto is believed only from TRUSTED_PROXIES: see client-address-stamp).
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  const https = request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:";
  if (https) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}
