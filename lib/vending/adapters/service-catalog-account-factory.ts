import "server-only";
import {
  DescribeProvisioningParametersCommand,
  DescribeRecordCommand,
  ListLaunchPathsCommand,
  ListProvisioningArtifactsCommand,
  ProvisionProductCommand,
  SearchProductsCommand,
  SearchProvisionedProductsCommand,
  type ProvisioningArtifactDetail,
  type RecordDetail,
  type RecordOutput,
  type ServiceCatalogClient,
} from "@aws-sdk/client-service-catalog";
import { AppError } from "@/lib/errors/app-error";
import { recordStatuses, type RecordStatus } from "../core/account-request-state";
import { formatOuLabel, parseOuLabel, type OuRef } from "../core/organizational-unit";
import type { AccountFactory, AccountFactoryLookup, AccountFactoryProduct, ProvisionedProductSummary, ProvisioningRecord } from "../ports";
import { defaultAwsCallTimeoutMs } from "@/lib/platform/aws-client-config";
import { callAws } from "../core/aws-error";

// Paging through every product or path of a big portfolio is fine; an endless loop is not.
const MAX_PAGES = 50;
const ACCOUNT_ID = /^\d{12}$/;

// Service Catalog's answers become the domain's types here and nowhere else.
function reshapeRecord(detail: RecordDetail | undefined, outputs: RecordOutput[] = []): ProvisioningRecord {
  if (!detail?.RecordId) throw new AppError("UPSTREAM_FAILED", "Service Catalog answered without a record id");
  const status = detail.Status as RecordStatus | undefined;
  if (!status || !recordStatuses.includes(status)) throw new AppError("UPSTREAM_FAILED", `Service Catalog reported an unknown record status "${String(detail.Status)}"`);
  const outputMap: Record<string, string> = {};
  for (const output of outputs) if (output.OutputKey) outputMap[output.OutputKey] = output.OutputValue ?? "";
  const accountId = outputMap.AccountId?.trim();
  return {
    recordId: detail.RecordId,
    status,
    provisionedProductId: detail.ProvisionedProductId ?? null,
    accountId: accountId && ACCOUNT_ID.test(accountId) ? accountId : null,
    outputs: outputMap,
    errors: (detail.RecordErrors ?? []).map((e) => ({ code: e.Code ?? "", description: e.Description ?? "" })),
    createdAt: detail.CreatedTime ?? null,
    updatedAt: detail.UpdatedTime ?? detail.CreatedTime ?? null,
  };
}

function pickArtifact(artifacts: ProvisioningArtifactDetail[], name: string | null): ProvisioningArtifactDetail | undefined {
  if (name) return artifacts.find((a) => a.Name === name);
  // Without a configured name: the newest artifact admins have not retired or deprecated.
  return artifacts
    .filter((a) => a.Active !== false && a.Guidance !== "DEPRECATED")
    .sort((a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0))[0];
}

export interface ServiceCatalogAccountFactoryOptions {
  client: ServiceCatalogClient;
  /** Overall deadline per call, SDK retries included. */
  callTimeoutMs?: number;
}

/** Account Factory over `@aws-sdk/client-service-catalog`. */
export function createServiceCatalogAccountFactory({ client, callTimeoutMs }: ServiceCatalogAccountFactoryOptions): AccountFactory {
  const call = <T>(operation: string, send: (options: { abortSignal: AbortSignal }) => Promise<T>) =>
    callAws({ service: "servicecatalog", operation, timeoutMs: callTimeoutMs ?? defaultAwsCallTimeoutMs }, send);

  async function findProductId(lookup: AccountFactoryLookup): Promise<{ id: string; name: string }> {
    if (lookup.productId) return { id: lookup.productId, name: lookup.productName };
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await call("SearchProducts", (o) => client.send(new SearchProductsCommand({ Filters: { FullTextSearch: [lookup.productName] }, PageToken: pageToken }), o));
      // Full-text search also returns near matches; only the exact name will do.
      const match = (out.ProductViewSummaries ?? []).find((p) => p.Name === lookup.productName && p.ProductId);
      if (match?.ProductId) return { id: match.ProductId, name: match.Name ?? lookup.productName };
      pageToken = out.NextPageToken;
      if (!pageToken) break;
    }
    throw new AppError("NOT_FOUND", `Service Catalog has no product named "${lookup.productName}" that the portal's role can launch: share the Account Factory portfolio with the role, or set the product id`);
  }

  return {
    async resolveProduct(lookup) {
      const product = await findProductId(lookup);
      let artifact: { id: string; name: string };
      if (lookup.artifactId) {
        artifact = { id: lookup.artifactId, name: lookup.artifactName ?? lookup.artifactId };
      } else {
        const out = await call("ListProvisioningArtifacts", (o) => client.send(new ListProvisioningArtifactsCommand({ ProductId: product.id }), o));
        const found = pickArtifact(out.ProvisioningArtifactDetails ?? [], lookup.artifactName);
        if (!found?.Id) {
          throw new AppError("NOT_FOUND", lookup.artifactName ? `Product ${product.name} has no provisioning artifact named "${lookup.artifactName}"` : `Product ${product.name} has no active provisioning artifact`);
        }
        artifact = { id: found.Id, name: found.Name ?? found.Id };
      }
      let path: { id: string; name: string };
      if (lookup.pathId) {
        path = { id: lookup.pathId, name: lookup.pathName ?? lookup.pathId };
      } else {
        const paths: Array<{ id: string; name: string }> = [];
        let pageToken: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const out = await call("ListLaunchPaths", (o) => client.send(new ListLaunchPathsCommand({ ProductId: product.id, PageToken: pageToken }), o));
          for (const p of out.LaunchPathSummaries ?? []) if (p.Id) paths.push({ id: p.Id, name: p.Name ?? p.Id });
          pageToken = out.NextPageToken;
          if (!pageToken) break;
        }
        const found = lookup.pathName ? paths.find((p) => p.name === lookup.pathName) : paths.length === 1 ? paths[0] : undefined;
        if (!found) {
          throw new AppError(
            "NOT_FOUND",
            lookup.pathName
              ? `Product ${product.name} has no launch path named "${lookup.pathName}"`
              : paths.length === 0
                ? `The portal's role has no launch path for ${product.name}: add it to the portfolio's principals`
                : `Product ${product.name} has ${paths.length} launch paths (${paths.map((p) => p.name).join(", ")}): set the one to use`,
          );
        }
        path = found;
      }
      return { productId: product.id, productName: product.name, artifactId: artifact.id, artifactName: artifact.name, pathId: path.id, pathName: path.name };
    },

    async listManagedOus(product: AccountFactoryProduct): Promise<OuRef[]> {
      const out = await call("DescribeProvisioningParameters", (o) =>
        client.send(new DescribeProvisioningParametersCommand({ ProductId: product.productId, ProvisioningArtifactId: product.artifactId, PathId: product.pathId }), o),
      );
      const parameter = (out.ProvisioningArtifactParameters ?? []).find((p) => p.ParameterKey === "ManagedOrganizationalUnit");
      return (parameter?.ParameterConstraints?.AllowedValues ?? []).map(parseOuLabel).filter((ou): ou is OuRef => ou !== null);
    },

    async provisionAccount(input) {
      const { parameters } = input;
      const out = await call("ProvisionProduct", (o) =>
        client.send(
          new ProvisionProductCommand({
            ProductId: input.product.productId,
            ProvisioningArtifactId: input.product.artifactId,
            PathId: input.product.pathId,
            ProvisionedProductName: input.provisionedProductName,
            ProvisionToken: input.provisionToken,
            ProvisioningParameters: [
              { Key: "AccountName", Value: parameters.accountName },
              { Key: "AccountEmail", Value: parameters.accountEmail },
              { Key: "SSOUserEmail", Value: parameters.sso.email },
              { Key: "SSOUserFirstName", Value: parameters.sso.firstName },
              { Key: "SSOUserLastName", Value: parameters.sso.lastName },
              { Key: "ManagedOrganizationalUnit", Value: formatOuLabel(parameters.ou) },
            ],
          }),
          o,
        ),
      );
      return reshapeRecord(out.RecordDetail);
    },

    async describeRecord(recordId) {
      let detail: RecordDetail | undefined;
      const outputs: RecordOutput[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await call("DescribeRecord", (o) => client.send(new DescribeRecordCommand({ Id: recordId, PageToken: pageToken }), o));
        detail ??= out.RecordDetail;
        outputs.push(...(out.RecordOutputs ?? []));
        pageToken = out.NextPageToken;
        if (!pageToken) break;
      }
      return reshapeRecord(detail, outputs);
    },

    async findProvisionedProduct(name) {
      const out = await call("SearchProvisionedProducts", (o) =>
        client.send(new SearchProvisionedProductsCommand({ AccessLevelFilter: { Key: "Account", Value: "self" }, Filters: { SearchQuery: [`name:${name}`] } }), o),
      );
      const match = (out.ProvisionedProducts ?? []).find((p) => p.Name === name && p.Id);
      if (!match?.Id) return null;
      const summary: ProvisionedProductSummary = { id: match.Id, name, status: match.Status ?? "UNKNOWN", lastRecordId: match.LastRecordId ?? null };
      return summary;
    },
  };
}
