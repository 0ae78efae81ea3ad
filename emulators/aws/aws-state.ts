import type { AwsService } from "./aws-error.js";

export interface TagEntry {
  Key: string;
  Value: string;
}

export interface Organization {
  id: string;
  managementAccountId: string;
  managementAccountEmail: string;
}

export interface OrgRoot {
  id: string;
  name: string;
}

export interface OrgUnit {
  id: string;
  name: string;
  /** A root or OU id. */
  parentId: string;
  /** Registered with Control Tower: only these are Account Factory targets. */
  enrolled: boolean;
}

export type AccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";

export interface OrgAccount {
  id: string;
  name: string;
  email: string;
  parentId: string;
  state: AccountState;
  joinedMethod: "CREATED" | "INVITED";
  /** Epoch milliseconds. */
  joinedAt: number;
}

export type RecordStatus = "CREATED" | "IN_PROGRESS" | "IN_PROGRESS_IN_ERROR" | "SUCCEEDED" | "FAILED";
export type ProvisionedProductStatus = "AVAILABLE" | "UNDER_CHANGE" | "TAINTED" | "ERROR" | "PLAN_IN_PROGRESS";

export interface AccountFactoryParameters {
  AccountName: string;
  AccountEmail: string;
  SSOUserEmail: string;
  SSOUserFirstName: string;
  SSOUserLastName: string;
  ManagedOrganizationalUnit: string;
}

export interface RecordError {
  Code: string;
  Description: string;
}

export interface ProvisionedProduct {
  id: string;
  name: string;
  status: ProvisionedProductStatus;
  statusMessage: string | null;
  createdAt: number;
  idempotencyToken: string;
  lastRecordId: string;
  lastSuccessfulRecordId: string | null;
  productId: string;
  artifactId: string;
  tags: TagEntry[];
  /** The vended account, once provisioning succeeded. */
  accountId: string | null;
}

export interface ProvisionRecord {
  id: string;
  provisionedProductId: string;
  provisionedProductName: string;
  status: RecordStatus;
  /** Epoch milliseconds, like every time in the state. */
  createdAt: number;
  updatedAt: number;
  /** When the record leaves CREATED, and when it reaches its final status. */
  inProgressAt: number;
  completeAt: number;
  provisionToken: string;
  productId: string;
  artifactId: string;
  pathId: string;
  parameters: AccountFactoryParameters;
  ouId: string;
  tags: TagEntry[];
  /** Set by a scripted failure rule when the record was accepted. */
  scriptedError: RecordError | null;
  outputs: Array<{ OutputKey: string; OutputValue: string; Description?: string }>;
  errors: RecordError[];
}

export interface FailureRule {
  id: number;
  remaining: number;
  accountName: string | null;
  accountEmail: string | null;
  code: string;
  description: string;
}

export interface ThrottleRule {
  id: number;
  service: AwsService | null;
  operation: string | null;
  remaining: number;
}

export interface DelayRule {
  id: number;
  service: AwsService | null;
  operation: string | null;
  ms: number;
  /** null: until removed. */
  remaining: number | null;
}

export interface ReceivedEvent {
  receivedAt: number;
  accepted: boolean;
  eventId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  source: string | null;
  detailType: string | null;
  /** The raw Detail string as sent. */
  detail: string | null;
  eventBusName: string;
  /** Epoch milliseconds, if the entry carried a Time. */
  time: number | null;
  resources: string[];
}

export interface ProvisioningSettings {
  /** How long a provision takes from ProvisionProduct to SUCCEEDED/FAILED. */
  durationMs: number;
  /** Control Tower's concurrent account operation limit (5 by default, raisable to 10). */
  maxInFlight: number;
}

export interface AwsState {
  version: 1;
  organization: Organization;
  roots: OrgRoot[];
  ous: OrgUnit[];
  accounts: OrgAccount[];
  /** Organizations tags by resource id (account, OU or root). */
  tags: Record<string, TagEntry[]>;
  provisionedProducts: ProvisionedProduct[];
  records: ProvisionRecord[];
  settings: ProvisioningSettings;
  peakInFlight: number;
  failures: FailureRule[];
  throttles: ThrottleRule[];
  delays: DelayRule[];
  events: ReceivedEvent[];
  nextRuleId: number;
}

export const IN_FLIGHT_STATUSES: ReadonlySet<RecordStatus> = new Set(["CREATED", "IN_PROGRESS", "IN_PROGRESS_IN_ERROR"]);

export function countInFlight(state: AwsState): number {
  return state.records.filter((record) => IN_FLIGHT_STATUSES.has(record.status)).length;
}
