import { HttpError } from "./http-error";

/** The answer to a body past the cap: the rest is never read, so the connection is closed after it. */
function tooLarge(maxBytes: number): HttpError {
  return new HttpError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`, { headers: { connection: "close" } });
}

function declaredLength(request: Request): number | null {
  const header = request.headers.get("content-length")?.trim();
  return header && /^\d{1,15}$/.test(header) ? Number(header) : null;
}

/**
 * Reads a request body of at most `maxBytes`, counting bytes as they stream in, so that an
 * oversized body costs at most `maxBytes` of memory: a Content-Length past the cap is refused
 * before any byte is read, and a stream that grows past it (chunked, or longer than it said)
 * is cancelled at the first chunk over. Both answer 413. With a Content-Length the body is
 * read straight into one buffer of that size, so it is held once, not twice.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = declaredLength(request);
  if (declared !== null && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  let buffer = new Uint8Array(declared ?? 64 * 1024);
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw new HttpError("BAD_REQUEST", "The request body could not be read (the client went away?).", { cause: error });
    }
    if (next.done) break;
    const chunk = next.value;
    if (total + chunk.byteLength > maxBytes) {
      // Stop the upstream: the rest of the body is neither read nor kept.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    if (total + chunk.byteLength > buffer.byteLength) {
      // No (or a short) Content-Length: grow by doubling, never past the cap.
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(buffer.byteLength * 2, total + chunk.byteLength)));
      grown.set(buffer.subarray(0, total));
      buffer = grown;
    }
    buffer.set(chunk, total);
    total += chunk.byteLength;
  }
  return buffer.subarray(0, total);
}
