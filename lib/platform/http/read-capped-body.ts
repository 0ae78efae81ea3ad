import { HttpError } from "./http-error";

/** The answer to a body past the cap: the rest is never read, so the connection is closed after it. */
function tooLarge(maxBytes: number): HttpError {
  return new HttpError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`, { headers: { connection: "close" } });
}

/**
 * Reads a request body of at most `maxBytes`, counting bytes as they stream in, so that an
 * oversized body costs at most `maxBytes` of memory: a Content-Length past the cap is refused
 * before any byte is read, and a stream that grows past it (chunked, or lying about its
 * length) is cancelled at the first chunk over. Both answer 413.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw new HttpError("BAD_REQUEST", "The request body could not be read (the client went away?).", { cause: error });
    }
    if (next.done) break;
    total += next.value.byteLength;
    if (total > maxBytes) {
      // Stop the upstream: the rest of the body is neither read nor kept.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
