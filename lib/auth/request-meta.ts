import { headers } from "next/headers";
import { CLIENT_ADDRESS_HEADER, clientAddressStampInstalled } from "./client-address-stamp";
import type { RequestMeta } from "./session-user";
import { toStorableText } from "@/lib/validation/safe-text";

/**
 * The client address comes only from the stamp this server process put on the request (the socket's peer, or
 * what a configured proxy forwarded); without the stamp it is unknown, never a header the client wrote.
 */
export function metaFromHeaders(source: Headers): RequestMeta {
  const userAgent = source.get("user-agent");
  return {
    ip: clientAddressStampInstalled() ? source.get(CLIENT_ADDRESS_HEADER) : null,
    userAgent: userAgent ? toStorableText(userAgent.slice(0, 512)) : null,
  };
}

export async function currentRequestMeta(): Promise<RequestMeta> {
  return metaFromHeaders(await headers());
}
