import "server-only";
import { catalogueDomain } from "@/lib/catalogue";
import { governanceDomain } from "@/lib/governance";
import { estateDomain } from "@/lib/estate";
import { registerDomain } from "@/lib/platform/domains/domain-registry";
import { scaffoldDomain } from "@/lib/scaffold";
import { vendingDomain } from "@/lib/vending/server";
import { workloadsDomain } from "@/lib/workloads";

/**
 * The composition root: the one place that knows every domain. It plugs each domain's
 * jobs and webhook handlers into the platform, which never imports a domain itself.
 * A new domain exports its `DomainDefinition` from `lib/<domain>/index.ts` and adds one
 * line here. Idempotent: instrumentation.ts and the webhook route both call it, and a
 * second call replaces each domain with itself.
 */
export function registerDomains(): void {
  registerDomain(catalogueDomain);
  registerDomain(scaffoldDomain);
  registerDomain(workloadsDomain);
  registerDomain(vendingDomain);
  registerDomain(governanceDomain);
  registerDomain(estateDomain);
}
