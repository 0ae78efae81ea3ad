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
  /** GitHub computes mergeability in the background: requested when head or base moves, known after a delay. */
  mergeability?: MergeabilityRecord;
}

/** An issue (not a pull request; the two share one number sequence per repo, as on GitHub). */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  user: string;
  labels: string[];
  comments: IssueCommentRecord[];
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IssueCommentRecord {
  id: number;
  body: string;
  user: string;
  createdAt: string;
}

export interface MergeabilityRecord {
  /** `<headSha>:<baseSha>` the request or result is for. */
  key: string;
  requestedAt: number;
  /** null until computed. */
  mergeable: boolean | null;
}

/** GitHub's size limits and timings, lowered by tests through `POST /__emulator/limits`. */
export interface EmulatorLimits {
  /** Entries of a recursive tree before `truncated: true` (GitHub: 100,000). */
  treeEntries: number;
  /** Bytes of a recursive tree's entries before `truncated: true` (GitHub: 7 MB). */
  treeBytes: number;
  /** Entries the contents API lists per directory (GitHub: 1,000). */
  directoryEntries: number;
  /** Largest file the contents API returns inline with the default media type (GitHub: 1 MB). */
  contentsInlineBytes: number;
  /** Largest blob the contents and blobs APIs return at all (GitHub: 100 MB). */
  blobBytes: number;
  /** How long GitHub's background mergeability job takes. */
  mergeabilityDelayMs: number;
}

export const DEFAULT_LIMITS: EmulatorLimits = {
  treeEntries: 100_000,
  treeBytes: 7 * 1024 * 1024,
  directoryEntries: 1000,
  contentsInlineBytes: 1024 * 1024,
  blobBytes: 100 * 1024 * 1024,
  mergeabilityDelayMs: 500,
};

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
  issues: Record<string, IssueRecord[]>;
  labels: Record<string, LabelRecord[]>;
  faults: FaultRule[];
  /** Keyed by "owner/repo", or "*" for every repo. */
  access: Record<string, AccessRule>;
  webhookUrl: string | null;
  limits: EmulatorLimits;
}

export function emptyState(): EmulatorState {
  return { nextId: 1000, repoIds: {}, pushedAt: {}, pulls: {}, issues: {}, labels: {}, faults: [], access: {}, webhookUrl: null, limits: { ...DEFAULT_LIMITS } };
}

/**
 * PRs, issues, labels, faults, access rules and limits survive restarts in `<stateDir>/state.json`,
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
      const stored = JSON.parse(await readFile(file, "utf8")) as Partial<EmulatorState>;
      data = { ...data, ...stored, limits: { ...DEFAULT_LIMITS, ...stored.limits } };
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
