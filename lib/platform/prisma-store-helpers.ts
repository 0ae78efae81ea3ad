import { Prisma } from "../generated/prisma/client";

/*
 * What the domains' Prisma stores (adapters/prisma-*-store.ts) share: reading JSON columns
 * back, writing values into them, and recognising the constraint violations they turn into
 * the domain's own answers.
 */

/** A value as a JSON column input: what JSON keeps of it (no undefined, Dates as strings). */
export function toJsonInput(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** A JSON column holding `{ key: string }`, e.g. tags; anything else in it is left out. */
export function readStringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) if (typeof item === "string") map[key] = item;
  }
  return map;
}

/** A JSON column holding an object (e.g. checkpoints); `{}` when it holds anything else. */
export function readJsonObject<T>(value: unknown): T {
  return (value && typeof value === "object" && !Array.isArray(value) ? value : {}) as T;
}

/** True when the database refused a write for a unique constraint (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** True when the database refused a write with the named CHECK constraint (SQLSTATE 23514). */
export function isCheckViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}`;
  return /23514|check constraint/i.test(text) && text.includes(constraint);
}
