import "server-only";
import type { DbTx } from "../create-prisma-client";
import { getDb } from "../db";

export interface PersonView {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: string[];
  lastSignInAt: Date | null;
}

/** Everyone who has signed in, with their roles as `admin` or `lead:payments`. */
export async function listPeople(db: DbTx = getDb()): Promise<PersonView[]> {
  const users = await db.user.findMany({
    orderBy: { username: "asc" },
    include: { memberships: { include: { workload: { select: { slug: true } } } } },
  });
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    lastSignInAt: u.lastSignInAt,
    roles: u.memberships.map((m) => (m.workload ? `${m.role}:${m.workload.slug}` : m.role)).sort(),
  }));
}
