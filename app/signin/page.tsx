import { redirect } from "next/navigation";
import { configuredProviders, signInErrors } from "@/lib/platform/auth/auth";
import { getViewer, hasEndedSession } from "@/lib/platform/auth/get-viewer";
import { githubSignInOrg } from "@/lib/platform/auth/idp-groups-reader";
import { getEnv } from "@/lib/platform/env";
import { Alert } from "@/components/ui/alert";
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
      <div className="w-full max-w-sm rounded-xl border border-line bg-raised p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG needs no optimisation */}
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <h1 className="text-xl font-semibold">Sign in to Bulkhead</h1>
        </div>
        {params.signedOut ? (
          <Alert tone="success" className="mb-4">
            You have signed out.
          </Alert>
        ) : null}
        {ended ? (
          <p role="status" className="mb-4 rounded-md bg-warning-soft p-3 text-sm text-warning">
            Your session has ended: it was signed out elsewhere, revoked by an admin, or your roles need a fresh sign-in.
          </p>
        ) : null}
        {params.error ? (
          <Alert tone="error" className="mb-4">
            {errorText(githubSignInOrg(getEnv()))[params.error] ?? "Sign-in failed. Try again."}
          </Alert>
        ) : null}
        {providers.length === 0 ? (
          <Alert tone="error">No sign-in provider is configured.</Alert>
        ) : (
          <ul className="space-y-3">
            {providers.map((p) => (
              <li key={p.id}>
                <form action={signInAction}>
                  <input type="hidden" name="provider" value={p.id} />
                  <input type="hidden" name="callbackUrl" value={callbackUrl} />
                  <button
                    type="submit"
                    className="w-full rounded-md bg-accent-solid px-4 py-2.5 text-sm font-medium text-white hover:bg-accent-solid-hover"
                  >
                    Continue with {p.name}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-6 text-xs text-fg-subtle">Your role comes from your groups at your identity provider.</p>
      </div>
    </main>
  );
}
