import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "../db";
import { AppError } from "@/lib/errors/app-error";
import { auth } from "./auth";
import { highestRole, satisfies, type Requirement, type Viewer } from "./roles";

/**
 * The signed-in person for this request, with roles read fresh from the database so
 * that a revoked membership takes effect at once. Cached per request.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({
    where: { id },
    include: { memberships: { include: { workload: { select: { slug: true, name: true } } } } },
  });
  if (!user) return null;
  const workloads = user.memberships
    .filter((m) => m.workload && m.role !== "admin")
    .map((m) => ({ slug: m.workload!.slug, name: m.workload!.name, role: m.role as "builder" | "lead" }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email,
    role: highestRole(user.memberships),
    workloads,
  };
});

/** For pages: sends anonymous visitors to sign in, and answers 403 when the role falls short. */
export async function requirePageViewer(requirement?: Requirement): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  if (requirement && !satisfies(viewer, requirement)) forbidden();
  return viewer;
}

/** For route handlers and actions: throws AppError, which the error mapper turns into 401/403. */
export async function requireViewer(requirement?: Requirement): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  if (requirement && !satisfies(viewer, requirement)) {
    const scope = "workload" in requirement ? ` of workload "${requirement.workload}"` : "";
    throw new AppError("FORBIDDEN", `This needs the ${requirement.role} role${scope}.`);
  }
  return viewer;
}
