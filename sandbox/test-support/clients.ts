import { randomUUID } from "node:crypto";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../server";

export async function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, orderDelayMs: 60, quiet: true, webhookRetryDelayMs: 20, ...options });
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function getJson(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/* Cardepass */
export async function cardepassToken(base: string, secret = "sandbox-secret"): Promise<Response> {
  return fetch(`${base}/cardepass/openapi/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: "sandbox-client", client_secret: secret }).toString(),
  });
}

export async function cardepassClient(base: string) {
  const token = ((await (await cardepassToken(base)).json()) as { access_token: string }).access_token;
  const headers = { authorization: `Bearer ${token}`, accept: "application/json" };
  return {
    token,
    get: (path: string) => fetch(`${base}/cardepass/openapi${path}`, { headers }),
    post: (path: string, body: unknown) =>
      fetch(`${base}/cardepass/openapi${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }),
  };
}

/* NobePay */
export function nobepayHeaders(token: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    "content-type": "application/json",
    "kc-open-api": token,
    nonce: randomUUID().replace(/-/g, ""),
    timestamp: String(Date.now()),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function nobepayClient(base: string) {
  const res = await fetch(`${base}/nobepay/open/api/v1/token/get`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ appKey: "sandbox-key", appSecret: "sandbox-secret" }),
  });
  const token = ((await res.json()) as { data: { accessToken: string } }).data.accessToken;
  const url = (path: string) => `${base}/nobepay/open/api/v1/rest${path}`;
  return {
    token,
    get: (path: string) => fetch(url(path), { headers: nobepayHeaders(token) }),
    post: (path: string, body: unknown) => fetch(url(path), { method: "POST", headers: nobepayHeaders(token), body: JSON.stringify(body) }),
  };
}

/* cardopenapi */
export const COA_CREDENTIALS = { customer_id: 10000011, app_id: 100001, key: "sandbox-key" };

export function cardopenapiPost(base: string, path: string, body: Record<string, unknown> = {}, credentials = COA_CREDENTIALS) {
  return fetch(`${base}/cardopenapi/v1/openApi${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...credentials, ...body }),
  });
}

export function admin(base: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  return fetch(`${base}/_sandbox${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
