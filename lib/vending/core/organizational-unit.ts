import { AppError } from "@/lib/errors/app-error";

/*
 * Organizational units as Account Factory names them: `Name (ou-xxxx-xxxxxxxx)`, the form its
 * ManagedOrganizationalUnit parameter takes and the form admins recognise from the console.
 */

/** An OU by id and (leaf) name; the name is what Account Factory shows, not the path. */
export interface OuRef {
  id: string;
  name: string;
}

// Organizations id formats (service model): OU ou-<root part 4–32>-<8–32>, root r-<4–32>.
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
// OU names are 1–128 characters; control characters would break the one-line label.
const OU_NAME = /^[^\p{Cc}\p{Zl}\p{Zp}]{1,128}$/u;
const OU_LABEL = /^(.+) \((ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})\)$/u;

export function isOuId(value: string): boolean {
  return OU_ID.test(value);
}

export function isRootId(value: string): boolean {
  return ROOT_ID.test(value);
}

/** Why `name` cannot be an OU name, or null. */
export function checkOuName(name: string): string | null {
  return OU_NAME.test(name) ? null : "An OU name is 1–128 characters on one line";
}

/** `Name (ou-xxxx-xxxxxxxx)`; throws on an id or name that would not parse back. */
export function formatOuLabel(ou: OuRef): string {
  if (!isOuId(ou.id)) throw new AppError("INVALID_INPUT", `"${ou.id}" is not an organizational unit id (ou-xxxx-xxxxxxxx)`);
  const problem = checkOuName(ou.name);
  if (problem) throw new AppError("INVALID_INPUT", problem);
  return `${ou.name} (${ou.id})`;
}

/**
 * Reads `Name (ou-xxxx-xxxxxxxx)` back. The id is taken from the last parenthesised group, so a
 * name that itself contains parentheses ("Prod (EU)") still parses. Null when it is not a label.
 */
export function parseOuLabel(label: string): OuRef | null {
  const match = OU_LABEL.exec(label.trim());
  if (!match) return null;
  const name = match[1]!;
  const id = match[2]!;
  return checkOuName(name) ? null : { id, name };
}
