const BASE = "https://cardhub.invalid";

/**
 * Where to send the browser after sign-in: only a path on this site. The target is parsed the way a browser
 * would parse it (tabs and newlines removed, backslashes as slashes), and anything that resolves to another
 * origin, or holds control characters at all, falls back to "/": an open redirect is a phishing tool.
 */
export function safeRedirectPath(target: unknown): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return "/";
  if (!target.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(target)) return "/";
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? "/" : path;
}
