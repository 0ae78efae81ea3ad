/*
 * The vending domain's public entry for other domains (governance reads the tag policy and the
 * Organizations port from here). Pure: it exports core logic and types only, so that another
 * domain's core may import it. The server side (the domain definition for the composition root,
 * `getVendingDeps`, the use cases and their input schemas) is in `./server`.
 */

export {
  checkPolicyValue,
  checkTagKey,
  defaultTagPolicy,
  findPolicyViolations,
  normalizeTagValue,
  tagPolicyKeysSchema,
  type TagMap,
  type TagPolicy,
  type TagPolicyKey,
} from "./core/tag-policy";
export { assertCanDecide, type Decider } from "./core/four-eyes";
export { AwsOperationError, callAws, isAwsOperationError, toAwsOperationError, type AwsFailureReason } from "./core/aws-error";
export type { VendingSettings } from "./core/vending-settings";
export type { OrganizationsDirectory } from "./ports";
