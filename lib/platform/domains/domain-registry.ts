import type { VerifiedWebhook } from "../github/verify-webhook";
import type { JobDefinition, JobQueue } from "../jobs/job-queue";

/** Handles one verified GitHub event; returns a short description of what it did, or null when the event was not for it. */
export type GithubEventHandler = (event: VerifiedWebhook) => Promise<string | null>;

/**
 * What a domain plugs into the platform: its background jobs and the GitHub events it
 * handles. Each domain exports one from its public entry (`lib/<domain>/index.ts`), and
 * `lib/register-domains.ts` registers it; the platform only ever reads the registry, so it
 * never imports a domain.
 */
export interface DomainDefinition {
  /** Lowercase name, e.g. "catalogue"; registering a name again replaces the earlier definition. */
  name: string;
  /** Jobs the worker runs, with their schedules; names are unique across all domains, and never start with "platform.". */
  jobs?: readonly JobDefinition[];
  /** Runs once the job worker is up (e.g. queue the first sync of new sources). */
  onWorkerStart?: (queue: JobQueue) => Promise<void>;
  /** GitHub webhook handlers by event name (`create`, `push`, `pull_request`, ...). */
  webhookHandlers?: Readonly<Record<string, GithubEventHandler>>;
}

export interface DomainRegistry {
  /** Adds a domain, or replaces the one with the same name; throws on a bad name or a job name another domain owns. */
  register(domain: DomainDefinition): void;
  /** The registered domains, in registration order. */
  list(): readonly DomainDefinition[];
}

const DOMAIN_NAME = /^[a-z][a-z0-9-]*$/;

/** A fresh, empty registry; tests use their own, the server uses `getDomainRegistry()`. */
export function createDomainRegistry(): DomainRegistry {
  const domains = new Map<string, DomainDefinition>();
  return {
    register(domain) {
      if (!DOMAIN_NAME.test(domain.name)) {
        throw new Error(`Domain name "${domain.name}" must be lowercase letters, digits and dashes.`);
      }
      const owners = new Map<string, string>();
      for (const other of domains.values()) {
        if (other.name === domain.name) continue;
        for (const job of other.jobs ?? []) owners.set(job.name, other.name);
      }
      const seen = new Set<string>();
      for (const job of domain.jobs ?? []) {
        if (job.name.startsWith("platform.")) {
          throw new Error(`Job "${job.name}" of domain "${domain.name}": names starting with "platform." belong to the platform's own jobs.`);
        }
        const owner = owners.get(job.name) ?? (seen.has(job.name) ? domain.name : undefined);
        if (owner) throw new Error(`Job "${job.name}" of domain "${domain.name}" is already registered by domain "${owner}".`);
        seen.add(job.name);
      }
      domains.set(domain.name, domain);
    },
    list: () => [...domains.values()],
  };
}

// On globalThis: instrumentation.ts and the route bundles may load this module separately,
// and Next's dev-mode reloads re-evaluate it; all of them must see one registry.
const globalForDomains = globalThis as unknown as { bulkheadDomains?: DomainRegistry };

/** The registry of this process. */
export function getDomainRegistry(): DomainRegistry {
  globalForDomains.bulkheadDomains ??= createDomainRegistry();
  return globalForDomains.bulkheadDomains;
}

/** Registers a domain with this process's registry; called by `lib/register-domains.ts`, one line per domain. */
export function registerDomain(domain: DomainDefinition): void {
  getDomainRegistry().register(domain);
}
