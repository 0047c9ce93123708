/**
 * The sandbox reached through its other name, localhost instead of 127.0.0.1. The sandbox has one merchant per
 * provider, and the demo seed has connected it already; Cardhub tells provider accounts apart by their API and
 * identity (lib/provider-accounts/same-account.ts) and cannot know that two host names are one server, so an account
 * connected here counts as a second one, as a test of connecting needs.
 */
export function sandboxAlias(sandboxUrl: string): string {
  const url = new URL(sandboxUrl);
  if (url.hostname !== "127.0.0.1") throw new Error(`The sandbox alias expects a sandbox on 127.0.0.1, not ${url.hostname}`);
  url.hostname = "localhost";
  return url.toString().replace(/\/$/, "");
}
