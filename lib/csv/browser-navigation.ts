/** The q value of each media range of an Accept header (1 when not given), lower-cased. */
function acceptRanges(accept: string): { range: string; q: number }[] {
  return accept.split(",").flatMap((part) => {
    const [range, ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    if (!range) return [];
    const q = params.find((param) => param.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    return [{ range, q: Number.isFinite(weight) ? weight : 0 }];
  });
}

/**
 * A person's browser loading the URL as a page (following a link), rather than a script or a command-line client
 * asking for it. Browsers say so in Sec-Fetch-Mode; one that sends no Sec-Fetch headers is taken as navigating when
 * its Accept prefers HTML to anything else it lists.
 */
export function isBrowserNavigation(headers: Headers): boolean {
  const mode = headers.get("sec-fetch-mode");
  if (mode !== null) return mode === "navigate";
  const ranges = acceptRanges(headers.get("accept") ?? "");
  const html = Math.max(0, ...ranges.filter(({ range }) => range === "text/html").map(({ q }) => q));
  return html > 0 && ranges.every(({ range, q }) => range === "text/html" || q <= html);
}
