import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  user: string;
  headRef: string;
  /** Head and base shas as last seen; live values are read from the repo while the PR is open. */
  headSha: string;
  baseRef: string;
  baseSha: string;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface FaultRule {
  id: number;
  method: string | null;
  /** A regular expression tested against the request path (without query). */
  pathPattern: string | null;
  status: number;
  remaining: number;
  body: unknown;
}

export interface AccessRule {
  visible: boolean;
  writable: boolean;
}

export interface EmulatorState {
  nextId: number;
  repoIds: Record<string, number>;
  pushedAt: Record<string, string>;
  pulls: Record<string, PullRecord[]>;
  labels: Record<string, LabelRecord[]>;
  faults: FaultRule[];
  /** Keyed by "owner/repo", or "*" for every repo. */
  access: Record<string, AccessRule>;
  webhookUrl: string | null;
}

export function emptyState(): EmulatorState {
  return { nextId: 1000, repoIds: {}, pushedAt: {}, pulls: {}, labels: {}, faults: [], access: {}, webhookUrl: null };
}

/**
 * PRs, labels, faults and access rules survive restarts in `<stateDir>/state.json`,
 * so a restarted dev stack still knows the PRs the portal opened. Writes are serialised.
 */
export class StateStore {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    private readonly file: string,
    readonly data: EmulatorState,
  ) {}

  static async load(stateDir: string): Promise<StateStore> {
    const file = path.join(stateDir, "state.json");
    await mkdir(stateDir, { recursive: true });
    let data = emptyState();
    try {
      data = { ...data, ...(JSON.parse(await readFile(file, "utf8")) as Partial<EmulatorState>) };
    } catch {
      // first start, or an unreadable file: begin empty
    }
    return new StateStore(file, data);
  }

  nextId(): number {
    const id = this.data.nextId;
    this.data.nextId += 1;
    return id;
  }

  /** Schedules a write; the returned promise settles once the current data is on disk. */
  save(): Promise<void> {
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
      await rename(tmp, this.file);
    });
    return this.writing;
  }

  reset(): Promise<void> {
    const keep = { nextId: this.data.nextId, repoIds: this.data.repoIds, webhookUrl: this.data.webhookUrl };
    Object.assign(this.data, emptyState(), keep);
    return this.save();
  }
}
