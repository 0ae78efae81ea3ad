import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AwsState, ProvisioningSettings } from "./aws-state.js";
import { seedState } from "./seed-state.js";

/**
 * The emulator's whole state. With a state dir it lives in `<stateDir>/state.json` (so a restarted dev
 * stack keeps the accounts it vended and the records still in flight); without one, in memory only.
 * Writes are serialised and coalesced.
 */
export class StateStore {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    public data: AwsState,
  ) {}

  static async load(options: { stateDir?: string; settings: ProvisioningSettings }): Promise<StateStore> {
    if (!options.stateDir) return new StateStore(null, seedState(options.settings));
    await mkdir(options.stateDir, { recursive: true });
    const file = path.join(options.stateDir, "state.json");
    let data: AwsState | null = null;
    try {
      const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<AwsState>;
      if (parsed.version === 1) data = parsed as AwsState;
    } catch {
      // first start, or an unreadable file: seed afresh
    }
    const store = new StateStore(file, data ?? seedState(options.settings));
    // The command line wins over what an earlier run stored.
    store.data.settings = { ...options.settings };
    await store.save();
    return store;
  }

  get persistent(): boolean {
    return this.file !== null;
  }

  nextRuleId(): number {
    const id = this.data.nextRuleId;
    this.data.nextRuleId += 1;
    return id;
  }

  /** Schedules a write; the promise settles once the current data is on disk. */
  save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const tmp = `${file}.tmp`;
      await writeFile(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
      await rename(tmp, file);
    });
    return this.writing;
  }

  reset(settings: ProvisioningSettings): Promise<void> {
    this.data = seedState(settings);
    return this.save();
  }
}
