import { renderHtmlDocument } from "./render-html-document.js";

/**
 * Renders oidc-provider's RP-initiated logout confirmation so that it submits itself.
 * A real IdP asks "do you want to sign out?"; in dev and tests that click only gets in the way.
 * The button stays for browsers without JavaScript.
 *
 * @param providerForm the `<form id="op.logoutForm">` oidc-provider builds, carrying its xsrf token
 */
export function renderLogoutPage(providerForm: string): string {
  // logout=yes ends the whole IdP session (all clients), not only the calling client's grant.
  const form = providerForm.replace("</form>", `<input type="hidden" name="logout" value="yes"></form>`);
  return renderHtmlDocument({
    title: "Signing out",
    body: `<h1>Signing out</h1>
<p>Ending your session with the Bulkhead dev identity provider…</p>
${form}
<button type="submit" form="op.logoutForm">Sign out</button>
<script>document.getElementById("op.logoutForm").submit();</script>`,
  });
}
