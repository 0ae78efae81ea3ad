import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isValidRepoSegment } from "./repo-registry.js";

/** A repository permission as GitHub names it in `permission` fields, weakest first. */
export const REPO_PERMISSIONS = ["pull", "triage", "push", "maintain", "admin"] as const;
export type RepoPermission = (typeof REPO_PERMISSIONS)[number];

const permissionSchema = z.enum(REPO_PERMISSIONS);

export const teamSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a team slug is lower-case letters, digits and dashes"),
  name: z.string().min(1),
  description: z.string().nullable().default(null),
  privacy: z.enum(["closed", "secret"]).default("closed"),
  /** login → role in the team */
  members: z.record(z.string(), z.enum(["member", "maintainer"])).default({}),
  /** repo name (of this owner) → the team's permission on it */
  repos: z.record(z.string(), permissionSchema).default({}),
});
export type TeamRecord = z.infer<typeof teamSchema>;

export const ownerDirectorySchema = z.object({
  /** What every org member may do on every repo of the org ("none": only teams and collaborators count). */
  basePermission: z.enum(["none", "read", "write", "admin"]).default("read"),
  /** login → org role */
  members: z.record(z.string(), z.enum(["admin", "member"])).default({}),
  teams: z.array(teamSchema).default([]),
  /** repo name → login → permission, for people given access to one repo directly */
  collaborators: z.record(z.string(), z.record(z.string(), permissionSchema)).default({}),
});
export type OwnerDirectory = z.infer<typeof ownerDirectorySchema>;

export const DIRECTORY_FILE = "directory.json";

const BASE_PERMISSION: Record<OwnerDirectory["basePermission"], RepoPermission | null> = { none: null, read: "pull", write: "push", admin: "admin" };

export function emptyDirectory(): OwnerDirectory {
  return ownerDirectorySchema.parse({});
}

function strongest(a: RepoPermission | null, b: RepoPermission | null): RepoPermission | null {
  if (a === null) return b;
  if (b === null) return a;
  return REPO_PERMISSIONS.indexOf(a) >= REPO_PERMISSIONS.indexOf(b) ? a : b;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function lookup<T>(record: Record<string, T>, key: string): T | undefined {
  const match = Object.keys(record).find((k) => same(k, key));
  return match === undefined ? undefined : record[match];
}

/** The team with this slug, ignoring case as GitHub does. */
export function findTeam(directory: OwnerDirectory, slug: string): TeamRecord | undefined {
  return directory.teams.find((team) => same(team.slug, slug));
}

/** The team's own permission on one repo of the owner, or null when the team has no access. */
export function teamPermission(team: TeamRecord, repo: string): RepoPermission | null {
  return lookup(team.repos, repo) ?? null;
}

/**
 * What `login` may do on `repo`, as GitHub derives it: the strongest of a direct collaborator
 * grant, the org's base permission (members) or admin role (owners), and every team they are in.
 * Null means "not a collaborator", which is what GitHub checks before a review request.
 */
export function userPermission(directory: OwnerDirectory, repo: string, login: string): RepoPermission | null {
  let permission = lookup(lookup(directory.collaborators, repo) ?? {}, login) ?? null;
  const role = lookup(directory.members, login);
  if (role === "admin") permission = "admin";
  else if (role === "member") permission = strongest(permission, BASE_PERMISSION[directory.basePermission]);
  for (const team of directory.teams) {
    if (lookup(team.members, login)) permission = strongest(permission, teamPermission(team, repo));
  }
  return permission;
}

/**
 * Each owner's org members, teams and repo collaborators, kept in `<reposDir>/<owner>/directory.json`
 * beside its bare repos (GitHub keeps them outside git too), so a repo seed can carry its people.
 * An owner without the file is an org with no teams and no members.
 */
export class DirectoryStore {
  private readonly cache = new Map<string, OwnerDirectory>();

  constructor(readonly reposDir: string) {}

  /** The owner's directory; edits take effect after `save`. */
  get(owner: string): OwnerDirectory {
    const dir = this.ownerDir(owner);
    const cached = this.cache.get(dir);
    if (cached) return cached;
    let directory = emptyDirectory();
    try {
      directory = ownerDirectorySchema.parse(JSON.parse(readFileSync(path.join(dir, DIRECTORY_FILE), "utf8")));
    } catch {
      // no directory yet: an org with nobody in it
    }
    this.cache.set(dir, directory);
    return directory;
  }

  save(owner: string, directory: OwnerDirectory): void {
    const dir = this.ownerDir(owner);
    writeOwnerDirectory(dir, directory);
    this.cache.set(dir, directory);
  }

  /** Owners whose directory lists `login` anywhere (member, team member or collaborator). */
  ownersKnowing(login: string): string[] {
    return this.owners().filter((owner) => {
      const directory = this.get(owner);
      return (
        lookup(directory.members, login) !== undefined ||
        directory.teams.some((team) => lookup(team.members, login) !== undefined) ||
        Object.values(directory.collaborators).some((people) => lookup(people, login) !== undefined)
      );
    });
  }

  owners(): string[] {
    try {
      return readdirSync(this.reposDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    } catch {
      return [];
    }
  }

  /** The owner's folder, matching an existing one case-insensitively (GitHub logins ignore case). */
  private ownerDir(owner: string): string {
    if (!isValidRepoSegment(owner)) throw new Error(`invalid owner name '${owner}'`);
    const existing = this.owners().find((name) => same(name, owner));
    return path.join(this.reposDir, existing ?? owner);
  }
}

/** Writes a directory file atomically; the seed uses this before any emulator runs. */
export function writeOwnerDirectory(ownerDir: string, directory: OwnerDirectory): void {
  mkdirSync(ownerDir, { recursive: true });
  const file = path.join(ownerDir, DIRECTORY_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(ownerDirectorySchema.parse(directory), null, 2)}\n`);
  renameSync(tmp, file);
}
