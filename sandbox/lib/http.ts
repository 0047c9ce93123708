import type { IncomingMessage, ServerResponse } from "node:http";

export interface ParsedRequest {
  method: string;
  /** Path below the provider prefix, e.g. "/v1/ping". */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  rawBody: string;
}

export interface WireResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is JSON-encoded. */
  body: unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function json(status: number, body: unknown, headers?: Record<string, string>): WireResponse {
  return { status, body, headers };
}

export function encodeBody(response: WireResponse): { text: string; contentType: string } {
  if (typeof response.body === "string" && response.headers?.["content-type"]) {
    return { text: response.body, contentType: response.headers["content-type"] };
  }
  return { text: JSON.stringify(response.body), contentType: "application/json; charset=utf-8" };
}

export function send(res: ServerResponse, response: WireResponse, textOverride?: string): void {
  const { text, contentType } = encodeBody(response);
  const headers: Record<string, string> = { ...response.headers, "content-type": contentType };
  res.writeHead(response.status, headers);
  res.end(textOverride ?? text);
}

/** Parses a JSON object body; returns null when the body is not a JSON object. */
export function parseJsonObject(raw: string): Record<string, unknown> | null {
  if (!raw.trim()) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function header(req: ParsedRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Stable JSON (sorted keys) used to compare idempotent request bodies. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}
