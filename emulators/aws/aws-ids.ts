import { createHash, randomInt } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random `<prefix>-<n lowercase alphanumerics>` id, the shape of Service Catalog's ids (`rec-`, `pp-`). */
export function randomId(prefix: string, length = 13): string {
  let id = "";
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${id}`;
}

/** The same id for the same seed, so seeded resources keep their ids across resets and restarts. */
export function stableId(prefix: string, seed: string, length = 13): string {
  const digest = createHash("sha256").update(seed).digest();
  let id = "";
  for (let i = 0; i < length; i++) id += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return `${prefix}-${id}`;
}

/** A 12-digit AWS account id that does not start with 0 and is not in `taken`. */
export function randomAccountId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${randomInt(1, 10)}${String(randomInt(0, 100_000_000_000)).padStart(11, "0")}`;
    if (!taken.has(id)) return id;
  }
}
