import { SSO_USER_PORTAL } from "./account-factory-product.js";
import { randomAccountId } from "./aws-ids.js";
import { countInFlight, IN_FLIGHT_STATUSES, type ProvisionRecord, type RecordError } from "./aws-state.js";
import type { StateStore } from "./state-store.js";

/**
 * Runs Account Factory's asynchronous provisioning: CREATED, then IN_PROGRESS, then SUCCEEDED (the
 * account appears in Organizations under the requested OU) or FAILED (RecordErrors). Each record
 * carries the times of its transitions, so the state is derived from the clock: every request
 * advances it first, and timers advance it on time for the state file and the control routes. A
 * restart resumes in-flight records where they were.
 */
export class ProvisioningEngine {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
  ) {}

  inFlight(): number {
    return countInFlight(this.store.data);
  }

  /** Applies every transition that is due; true when anything changed. */
  advance(): boolean {
    const now = this.now();
    const due = this.store.data.records
      .filter((record) => IN_FLIGHT_STATUSES.has(record.status) && (record.status === "CREATED" ? record.inProgressAt : record.completeAt) <= now)
      .sort((a, b) => a.completeAt - b.completeAt || a.createdAt - b.createdAt);
    for (const record of due) {
      if (record.completeAt <= now) this.finish(record);
      else {
        record.status = "IN_PROGRESS";
        record.updatedAt = record.inProgressAt;
      }
    }
    return due.length > 0;
  }

  /** Arms the timers of a new (or resumed) record. */
  schedule(record: ProvisionRecord): void {
    for (const at of [record.inProgressAt, record.completeAt]) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          if (this.advance()) void this.store.save();
        },
        Math.max(0, at - this.now()),
      );
      this.timers.add(timer);
    }
  }

  /** After a start: re-arms every record that was in flight when the emulator stopped. */
  resume(): void {
    this.advance();
    for (const record of this.store.data.records) {
      if (IN_FLIGHT_STATUSES.has(record.status)) this.schedule(record);
    }
  }

  /** Finishes every in-flight record now (tests and demos that cannot wait). */
  completeAll(): number {
    const now = this.now();
    let count = 0;
    for (const record of this.store.data.records) {
      if (!IN_FLIGHT_STATUSES.has(record.status)) continue;
      record.inProgressAt = Math.min(record.inProgressAt, now);
      record.completeAt = Math.min(record.completeAt, now);
      count += 1;
    }
    this.advance();
    return count;
  }

  /** Records the peak number of concurrent account operations. */
  notePeak(): void {
    const state = this.store.data;
    state.peakInFlight = Math.max(state.peakInFlight, countInFlight(state));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private finish(record: ProvisionRecord): void {
    const state = this.store.data;
    const product = state.provisionedProducts.find((candidate) => candidate.id === record.provisionedProductId);
    const error = record.scriptedError ?? this.emailCollision(record);
    record.updatedAt = record.completeAt;
    if (error) {
      record.status = "FAILED";
      record.errors = [error];
      if (product) {
        product.status = "ERROR";
        product.statusMessage = error.Description;
      }
      return;
    }
    const accountId = randomAccountId(new Set(state.accounts.map((account) => account.id)));
    state.accounts.push({
      id: accountId,
      name: record.parameters.AccountName,
      email: record.parameters.AccountEmail,
      parentId: record.ouId,
      state: "ACTIVE",
      joinedMethod: "CREATED",
      joinedAt: record.completeAt,
    });
    state.tags[accountId] = [];
    record.status = "SUCCEEDED";
    record.outputs = [
      { OutputKey: "AccountId", OutputValue: accountId, Description: "The ID of the new account" },
      { OutputKey: "AccountEmail", OutputValue: record.parameters.AccountEmail, Description: "The root email of the new account" },
      { OutputKey: "SSOUserEmail", OutputValue: record.parameters.SSOUserEmail, Description: "The IAM Identity Center user of the new account" },
      { OutputKey: "SSOUserPortal", OutputValue: SSO_USER_PORTAL, Description: "The IAM Identity Center portal" },
    ];
    if (product) {
      product.status = "AVAILABLE";
      product.statusMessage = null;
      product.accountId = accountId;
      product.lastSuccessfulRecordId = record.id;
    }
  }

  /** Account Factory learns only when Organizations' CreateAccount fails that the email is taken. */
  private emailCollision(record: ProvisionRecord): RecordError | null {
    const email = record.parameters.AccountEmail.toLowerCase();
    if (!this.store.data.accounts.some((account) => account.email.toLowerCase() === email)) return null;
    return {
      Code: "ProvisioningFailed",
      Description: `AWS Control Tower cannot create the account: the email address ${record.parameters.AccountEmail} is already associated with another AWS account (AWS Organizations CreateAccount failed with EMAIL_ALREADY_EXISTS).`,
    };
  }
}
