import type { AppAuthority } from "./app-auth.js";
import type { DirectoryStore } from "./directory-store.js";
import type { RepoRegistry } from "./repo-registry.js";
import type { StateStore } from "./state-store.js";
import type { WebhookDispatcher } from "./webhook-dispatcher.js";

export interface EmulatorConfig {
  appId: number;
  appSlug: string;
  org: string;
  /** Octokit's baseUrl, e.g. http://127.0.0.1:4020/api/v3 */
  apiUrl: string;
  /** Base of clone URLs and html_url links, e.g. http://127.0.0.1:4020 */
  gitUrl: string;
}

/** Everything a route handler may use; built once per server. */
export interface EmulatorContext {
  config: EmulatorConfig;
  state: StateStore;
  auth: AppAuthority;
  repos: RepoRegistry;
  /** Org members, teams and repo collaborators per owner. */
  directory: DirectoryStore;
  webhooks: WebhookDispatcher;
}
