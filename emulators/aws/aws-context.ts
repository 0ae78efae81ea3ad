import type { ProvisioningEngine } from "./provisioning-engine.js";
import type { StateStore } from "./state-store.js";

/** Everything an operation handler may use; built once per server. */
export interface AwsContext {
  store: StateStore;
  engine: ProvisioningEngine;
  now: () => number;
}

/** An operation: validated JSON in, JSON out (or a thrown AwsError). */
export type OperationHandler = (ctx: AwsContext, input: unknown) => unknown;

export interface Operation {
  handle: OperationHandler;
  /** Whether a successful call changes state (and so must be written to the state file). */
  mutates: boolean;
}
