import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks `sha256=<hex>` against the HMAC-SHA256 of the exact bytes received, in constant time.
 * The bytes, not a decoded string: decoding first would let two different bodies share a text.
 */
export function verifyWebhookSignature(options: { secret: string; body: Uint8Array; signature: string }): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(options.signature.trim());
  if (!match || !options.secret) return false;
  const expected = createHmac("sha256", options.secret).update(options.body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, "hex"));
}
