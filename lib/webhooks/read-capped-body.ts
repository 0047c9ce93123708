/**
 * Reads a request body as UTF-8 text, at most `maxBytes` of it, whatever Content-Length or chunked encoding claim.
 * Past the cap it stops reading and returns null. The rest is left unread rather than cancelled: cancelling a Node
 * request stream destroys the socket, and the sender would get a reset instead of the 413.
 */
export async function readCappedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string | null> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return new TextDecoder().decode(Buffer.concat(chunks));
      total += value.byteLength;
      if (total > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}
