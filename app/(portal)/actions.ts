"use server";

import { runInRequestContext } from "@/lib/platform/audit/request-context";
import { signOut } from "@/lib/platform/auth/auth";

// Server action behind the user menu's "Sign out". One request: the sign-out's audit row gets its id.
export async function signOutAction(): Promise<void> {
  await runInRequestContext(() => signOut({ redirectTo: "/signin?signedOut=1" }));
}
