import type { AwsService } from "./aws-error.js";
import type { AwsState, DelayRule, ThrottleRule } from "./aws-state.js";

function matches(rule: { service: AwsService | null; operation: string | null }, service: AwsService, operation: string): boolean {
  return (rule.service === null || rule.service === service) && (rule.operation === null || rule.operation === operation);
}

/** Consumes one scripted throttle for this call, if any applies. */
export function takeThrottle(state: AwsState, service: AwsService, operation: string): ThrottleRule | null {
  const index = state.throttles.findIndex((rule) => matches(rule, service, operation));
  const rule = state.throttles[index];
  if (!rule) return null;
  rule.remaining -= 1;
  if (rule.remaining <= 0) state.throttles.splice(index, 1);
  return rule;
}

/** The scripted latency for this call in ms (0 when none), consuming a counted rule. */
export function takeDelay(state: AwsState, service: AwsService, operation: string): number {
  const index = state.delays.findIndex((rule) => matches(rule, service, operation));
  const rule: DelayRule | undefined = state.delays[index];
  if (!rule) return 0;
  if (rule.remaining !== null) {
    rule.remaining -= 1;
    if (rule.remaining <= 0) state.delays.splice(index, 1);
  }
  return rule.ms;
}
