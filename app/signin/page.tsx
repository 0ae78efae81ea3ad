import { redirect } from "next/navigation";
import { configuredProviders, signInErrors } from "@/lib/platform/auth/auth";
import { getViewer, hasEndedSession } from "@/lib/platform/auth/get-viewer";
import { githubSignInOrg } from "@/lib/platform/auth/idp-groups-reader";
import { getEnv } from "@/lib/platform/env";
import { signInAction } from "./actions";

export const metadata = { title: "Sign in" };

const errorText = (org: string): Record<string, string> => ({
  Configuration: "Sign-in is misconfigured on the server. The platform team has the details in the logs.",
  AccessDenied: "Your identity provider refused the sign-in.",
  Verification: "The sign-in link has expired or was already used.",
  OAuthCallbackError: "The identity provider answered with an error. Try again.",
  [signInErrors.githubTeamsUnavailable]:
    "GitHub did not answer which teams you are in, so your roles cannot be worked out. You are not signed in; try again in a minute.",
  [signInErrors.githubNotMember]: `Only active members of the ${org} GitHub organisation can sign in.`,
});

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; signedOut?: string }>;
}) {
  const params = await searchParams;
  if (await getViewer()) redirect("/");
  // A cookie whose session was signed out elsewhere, revoked, or refused at a role re-check.
  const ended = !params.signedOut && !params.error && (await hasEndedSession());
  const providers = configuredProviders();
  const callbackUrl = params.callbackUrl?.startsWith("/") && !params.callbackUrl.startsWith("//") ? params.callbackUrl : "/";
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mb-6 flex items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG needs no optimisation */}
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <h1 className="text-xl font-semibold">Sign in to Bulkhead</h1>
        </div>
        {params.signedOut ? (
          <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800 dark:bg-green-900/30 dark:text-green-200">
            You have signed out.
          </p>
        ) : null}
        {ended ? (
          <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
            Your session has ended: it was signed out elsewhere, revoked by an admin, or your roles need a fresh sign-in.
          </p>
        ) : null}
        {params.error ? (
          <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-200">
            {errorText(githubSignInOrg(getEnv()))[params.error] ?? "Sign-in failed. Try again."}
          </p>
        ) : null}
        {providers.length === 0 ? (
          <p role="alert" className="text-sm text-red-700">No sign-in provider is configured.</p>
        ) : (
          <ul className="space-y-3">
            {providers.map((p) => (
              <li key={p.id}>
                <form action={signInAction}>
                  <input type="hidden" name="provider" value={p.id} />
                  <input type="hidden" name="callbackUrl" value={callbackUrl} />
                  <button
                    type="submit"
                    className="w-full rounded-md bg-brand-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-brand-700"
                  >
                    Continue with {p.name}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-6 text-xs text-zinc-500">Your role comes from your groups at your identity provider.</p>
      </div>
    </main>
  );
}
