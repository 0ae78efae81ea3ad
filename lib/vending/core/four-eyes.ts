import { AppError } from "@/lib/errors/app-error";

/** Who is deciding: their user id and whether they hold the global admin role. */
export interface Decider {
  id: string;
  isAdmin: boolean;
}

/**
 * Only platform admins decide requests, and never their own (four-eyes), admins included: an
 * admin who asked for a set needs another admin to approve or reject it. The database holds
 * the same rule as a CHECK, so this is the readable error and the CHECK the guarantee.
 */
export function assertCanDecide(options: { requestedById: string; decider: Decider }): void {
  if (!options.decider.isAdmin) {
    throw new AppError("FORBIDDEN", "Only platform admins can approve or reject requests");
  }
  if (options.decider.id.toLowerCase() === options.requestedById.toLowerCase()) {
    throw new AppError("FORBIDDEN", "You made this request, so another admin must approve or reject it (four-eyes)");
  }
}
