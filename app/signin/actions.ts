"use server";

import { z } from "zod";
import { configuredProviders, signIn } from "@/lib/platform/auth/auth";

const input = z.object({
  provider: z.string(),
  // Only same-site paths, so the sign-in page cannot be used as an open redirect.
  callbackUrl: z
    .string()
    .regex(/^\/(?!\/)/)
    .catch("/"),
});

// Server action behind each provider button on the sign-in page.
export async function signInAction(formData: FormData): Promise<void> {
  const { provider, callbackUrl } = input.parse({
    provider: formData.get("provider"),
    callbackUrl: formData.get("callbackUrl") ?? "/",
  });
  if (!configuredProviders().some((p) => p.id === provider)) {
    throw new Error(`Unknown sign-in provider "${provider}".`);
  }
  await signIn(provider, { redirectTo: callbackUrl });
}
