"use server";

import { signOut } from "@/lib/platform/auth/auth";

// Server action behind the user menu's "Sign out".
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
