/**
 * SECURITY: the credential values one adapter call sends, so that every ProviderError built during that call (from any
 * answer, by any adapter code) is scrubbed of them before it leaves the adapter. A provider, or a gateway in front of
 * it, may quote what it received ("key … is not valid"); its message then reaches the browser, the append-only audit
 * log, sync statuses and logs.
 *
 * createProvider wraps every adapter so each of its calls runs in a scope of its own; HttpClient adds, per request, the
 * account's secrets and the request's access token; ProviderError's constructor scrubs with what the scope holds.
 */
import { AsyncLocalStorage } from "node:async_hooks";

type SecretScope = { values: Set<string> };

const scope = new AsyncLocalStorage<SecretScope>();

/** Called by the transport for every request it sends: these values went out in this call. */
export function noteSentSecrets(values: readonly (string | undefined)[]): void {
  const current = scope.getStore();
  if (!current) return;
  for (const value of values) if (value) current.values.add(value);
}

/** The secrets sent so far in the current adapter call (none outside one). */
export function sentSecrets(): readonly string[] {
  return [...(scope.getStore()?.values ?? [])];
}

/** Runs each method of the adapter in a scope of its own, so errors it builds are scrubbed of what it sent. */
export function scopingSentSecrets<T extends object>(adapter: T): T {
  type Method = (...args: unknown[]) => unknown;
  const wrapped = new WeakMap<Method, Method>();
  return new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const method = value as Method;
      let inScope = wrapped.get(method);
      if (!inScope) {
        inScope = (...args: unknown[]) => scope.run({ values: new Set() }, () => method.apply(target, args));
        wrapped.set(method, inScope);
      }
      return inScope;
    },
  });
}
