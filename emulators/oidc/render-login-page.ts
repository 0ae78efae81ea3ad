import { escapeHtml, renderHtmlDocument } from "./render-html-document.js";
import type { DemoUser } from "./users.js";

export interface RenderLoginPageOptions {
  /** Interaction id; the forms post back to `/interaction/<uid>/...`. */
  uid: string;
  users: readonly DemoUser[];
  /** The client asking for the sign-in, shown so people know where they will land. */
  clientId?: string;
  /** Set when a typed username was not recognised. */
  error?: { username: string };
}

/**
 * Renders the account picker that stands in for a real identity provider's login screen.
 * Button labels are exactly `Sign in as <username>` because the e2e journeys click them by name.
 */
export function renderLoginPage(options: RenderLoginPageOptions): string {
  const uid = encodeURIComponent(options.uid);
  const loginAction = `/interaction/${uid}/login`;
  const abortAction = `/interaction/${uid}/abort`;
  const knownNames = options.users.map((user) => user.username).join(", ");

  const userItems = options.users
    .map((user) => {
      const detailsId = `user-${escapeHtml(user.username)}`;
      const groups = user.groups.length > 0 ? user.groups.map(escapeHtml).join(", ") : "none";
      return `<li class="card user">
  <dl id="${detailsId}">
    <dt>Name</dt><dd>${escapeHtml(user.name)}</dd>
    <dt>Email</dt><dd>${escapeHtml(user.email)}</dd>
    <dt>Groups</dt><dd>${groups}</dd>
    <dt>Role</dt><dd>${escapeHtml(user.persona)}</dd>
  </dl>
  <form method="post" action="${loginAction}">
    <input type="hidden" name="username" value="${escapeHtml(user.username)}">
    <button type="submit" aria-describedby="${detailsId}">Sign in as ${escapeHtml(user.username)}</button>
  </form>
</li>`;
    })
    .join("\n");

  const error = options.error
    ? `<div class="error" role="alert" id="username-error">No demo user is called &quot;${escapeHtml(
        options.error.username,
      )}&quot;. Use one of: ${escapeHtml(knownNames)}.</div>`
    : "";
  const describedBy = options.error ? "username-error username-hint" : "username-hint";
  const invalid = options.error ? ` aria-invalid="true" autofocus` : "";
  const typedValue = options.error ? ` value="${escapeHtml(options.error.username)}"` : "";
  const clientLine = options.clientId
    ? `<p class="muted">Signing in to <strong>${escapeHtml(options.clientId)}</strong>. This is the local development identity provider: no passwords, pick a demo user.</p>`
    : `<p class="muted">This is the local development identity provider: no passwords, pick a demo user.</p>`;

  return renderHtmlDocument({
    title: "Bulkhead dev sign-in",
    body: `<h1>Bulkhead dev sign-in</h1>
${clientLine}
${error}
<h2 id="demo-users-heading">Demo users</h2>
<ul class="users" aria-labelledby="demo-users-heading">
${userItems}
</ul>
<h2>Sign in by username</h2>
<form method="post" action="${loginAction}" class="card">
  <label for="username">Username</label>
  <div class="row">
    <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required aria-describedby="${describedBy}"${invalid}${typedValue}>
    <button type="submit">Continue</button>
  </div>
  <p id="username-hint" class="muted">One of: ${escapeHtml(knownNames)}.</p>
</form>
<form method="post" action="${abortAction}" class="cancel">
  <button type="submit" class="secondary">Cancel sign-in</button>
</form>`,
  });
}
