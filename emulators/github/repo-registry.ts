import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { getObjectReader, type GitObjectReader } from "./git-object-reader.js";
import { createBareRepo, readRepoSettings, type RepoSettings } from "./git-store.js";
import type { AccessRule, StateStore } from "./state-store.js";

export interface RepoHandle {
  owner: string;
  name: string;
  fullName: string;
  dir: string;
  id: number;
  reader: GitObjectReader;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function isValidRepoSegment(value: string): boolean {
  return NAME.test(value) && value !== "." && value !== "..";
}

/** Finds repositories on disk (`<reposDir>/<owner>/<repo>.git`) and gives each a stable id. */
export class RepoRegistry {
  constructor(
    readonly reposDir: string,
    private readonly state: StateStore,
  ) {}

  list(): RepoHandle[] {
    const repos: RepoHandle[] = [];
    for (const owner of safeReaddir(this.reposDir)) {
      for (const entry of safeReaddir(path.join(this.reposDir, owner))) {
        if (!entry.endsWith(".git")) continue;
        const repo = this.find(owner, entry.slice(0, -4));
        if (repo) repos.push(repo);
      }
    }
    return repos.sort((a, b) => a.id - b.id);
  }

  find(owner: string, name: string): RepoHandle | null {
    if (!isValidRepoSegment(owner) || !isValidRepoSegment(name)) return null;
    const cleanName = name.endsWith(".git") ? name.slice(0, -4) : name;
    const exact = this.handle(owner, cleanName);
    if (exact) return exact;
    // GitHub resolves owner and repo names case-insensitively.
    const ownerMatch = safeReaddir(this.reposDir).find((o) => o.toLowerCase() === owner.toLowerCase());
    if (!ownerMatch) return null;
    const repoMatch = safeReaddir(path.join(this.reposDir, ownerMatch)).find((r) => r.toLowerCase() === `${cleanName.toLowerCase()}.git`);
    return repoMatch ? this.handle(ownerMatch, repoMatch.slice(0, -4)) : null;
  }

  async create(options: { owner: string; name: string; description?: string | null; topics?: string[]; private?: boolean; isTemplate?: boolean }): Promise<RepoHandle> {
    if (!isValidRepoSegment(options.owner) || !isValidRepoSegment(options.name)) throw new Error("invalid repository name");
    const dir = path.join(this.reposDir, options.owner, `${options.name}.git`);
    await createBareRepo({ repoDir: dir, description: options.description, topics: options.topics, private: options.private, isTemplate: options.isTemplate });
    const repo = this.handle(options.owner, options.name);
    if (!repo) throw new Error(`repository ${options.owner}/${options.name} was not created`);
    return repo;
  }

  defaultBranch(repo: RepoHandle): string {
    try {
      const head = readFileSync(path.join(repo.dir, "HEAD"), "utf8").trim();
      return head.startsWith("ref: refs/heads/") ? head.slice("ref: refs/heads/".length) : "main";
    } catch {
      return "main";
    }
  }

  settings(repo: RepoHandle): Promise<RepoSettings> {
    return readRepoSettings(repo.dir);
  }

  access(repo: RepoHandle): AccessRule {
    const rules = this.state.data.access;
    return rules[repo.fullName] ?? rules["*"] ?? { visible: true, writable: true };
  }

  pushedAt(repo: RepoHandle): string | null {
    return this.state.data.pushedAt[repo.fullName] ?? null;
  }

  /** Records a push time (GitHub's `pushed_at`). */
  touch(repo: RepoHandle): void {
    this.state.data.pushedAt[repo.fullName] = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    void this.state.save();
  }

  private handle(owner: string, name: string): RepoHandle | null {
    const dir = path.join(this.reposDir, owner, `${name}.git`);
    try {
      if (!statSync(path.join(dir, "HEAD")).isFile()) return null;
    } catch {
      return null;
    }
    const fullName = `${owner}/${name}`;
    let id = this.state.data.repoIds[fullName];
    if (id === undefined) {
      id = this.state.nextId();
      this.state.data.repoIds[fullName] = id;
      void this.state.save();
    }
    return { owner, name, fullName, dir, id, reader: getObjectReader(dir) };
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
