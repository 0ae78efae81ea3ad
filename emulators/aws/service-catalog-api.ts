import { z } from "zod";
import { accountFactoryParameters, accountFactoryProduct, type LaunchPathDefinition, type ProductDefinition, type ProvisioningArtifactDefinition } from "./account-factory-product.js";
import type { AwsContext, Operation, OperationHandler } from "./aws-context.js";
import { duplicateResource, invalidParameters, resourceNotFound, type AwsError } from "./aws-error.js";
import { randomId } from "./aws-ids.js";
import { countInFlight, type AccountFactoryParameters, type AwsState, type OrgUnit, type ProvisionedProduct, type ProvisionRecord, type TagEntry } from "./aws-state.js";
import { paginateItems } from "./paginate-items.js";
import { parseInput, type InputProblem } from "./parse-input.js";

const products: readonly ProductDefinition[] = [accountFactoryProduct];

/** What Control Tower answers when its concurrent account operation limit is reached; clients retry later. */
export const CONTROL_TOWER_BUSY_MESSAGE =
  "AWS Control Tower cannot provision the account because another AWS Control Tower operation is in progress. Try again later.";

const toInputError = (problem: InputProblem): AwsError => invalidParameters(problem.message);
const seconds = (ms: number): number => ms / 1000;

function page<T>(items: readonly T[], options: { token: string | undefined; size: number | undefined; max: number; scope: string }): { page: T[]; nextToken: string | undefined } {
  const size = options.size ?? options.max;
  if (size < 0 || size > options.max) throw invalidParameters(`PageSize must be between 0 and ${options.max}.`);
  return paginateItems(items, {
    token: options.token,
    pageSize: size === 0 ? options.max : size,
    scope: options.scope,
    invalidToken: () => invalidParameters("The page token is not valid."),
  });
}

const productRef = {
  AcceptLanguage: z.string().optional(),
  ProductId: z.string().optional(),
  ProductName: z.string().optional(),
  ProvisioningArtifactId: z.string().optional(),
  ProvisioningArtifactName: z.string().optional(),
  PathId: z.string().optional(),
  PathName: z.string().optional(),
};
type ProductRef = { ProductId?: string; ProductName?: string; ProvisioningArtifactId?: string; ProvisioningArtifactName?: string; PathId?: string; PathName?: string };

function findProduct(id: string | undefined, name: string | undefined): ProductDefinition {
  if (!id && !name) throw invalidParameters("Either ProductId or ProductName must be specified.");
  const product = products.find((candidate) => (!id || candidate.id === id) && (!name || candidate.name === name));
  if (!product) throw resourceNotFound(`Product ${id ?? name} not found, or you do not have access to it.`);
  return product;
}

interface ResolvedLaunch {
  product: ProductDefinition;
  artifact: ProvisioningArtifactDefinition;
  path: LaunchPathDefinition;
}

/** Product, artifact and launch path as the caller named them (by id or name); the path defaults when the product has one. */
function resolveLaunch(ref: ProductRef): ResolvedLaunch {
  const product = findProduct(ref.ProductId, ref.ProductName);
  if (!ref.ProvisioningArtifactId && !ref.ProvisioningArtifactName) throw invalidParameters("Either ProvisioningArtifactId or ProvisioningArtifactName must be specified.");
  const artifact = product.artifacts.find(
    (candidate) => (!ref.ProvisioningArtifactId || candidate.id === ref.ProvisioningArtifactId) && (!ref.ProvisioningArtifactName || candidate.name === ref.ProvisioningArtifactName),
  );
  if (!artifact) throw resourceNotFound(`Provisioning artifact ${ref.ProvisioningArtifactId ?? ref.ProvisioningArtifactName} not found for product ${product.id}.`);
  if (!artifact.active) throw invalidParameters(`Provisioning artifact ${artifact.id} of product ${product.id} is not active.`);
  let path: LaunchPathDefinition | undefined;
  if (ref.PathId || ref.PathName) {
    path = product.launchPaths.find((candidate) => (!ref.PathId || candidate.id === ref.PathId) && (!ref.PathName || candidate.name === ref.PathName));
    if (!path) throw resourceNotFound(`Launch path ${ref.PathId ?? ref.PathName} not found for product ${product.id}.`);
  } else if (product.launchPaths.length === 1) {
    path = product.launchPaths[0];
  } else {
    throw invalidParameters(`Product ${product.id} has more than one launch path: specify PathId or PathName.`);
  }
  return { product, artifact, path: path! };
}

function productViewSummary(product: ProductDefinition): Record<string, unknown> {
  return {
    Id: product.viewId,
    ProductId: product.id,
    Name: product.name,
    Owner: product.owner,
    ShortDescription: product.shortDescription,
    Type: "CLOUD_FORMATION_TEMPLATE",
    Distributor: "",
    HasDefaultPath: product.launchPaths.length === 1,
    SupportEmail: "",
    SupportDescription: "",
    SupportUrl: "",
  };
}

/** `Name (ou-…)`: how Account Factory names a registered OU in ManagedOrganizationalUnit. */
export function managedOuValue(ou: OrgUnit): string {
  return `${ou.name} (${ou.id})`;
}

function recordDetail(record: ProvisionRecord): Record<string, unknown> {
  return {
    RecordId: record.id,
    ProvisionedProductName: record.provisionedProductName,
    Status: record.status,
    CreatedTime: seconds(record.createdAt),
    UpdatedTime: seconds(record.updatedAt),
    ProvisionedProductType: "CONTROL_TOWER_ACCOUNT",
    RecordType: "PROVISION_PRODUCT",
    ProvisionedProductId: record.provisionedProductId,
    ProductId: record.productId,
    ProvisioningArtifactId: record.artifactId,
    PathId: record.pathId,
    RecordErrors: record.errors,
    RecordTags: record.tags,
  };
}

function provisionedProductShape(state: AwsState, product: ProvisionedProduct): Record<string, unknown> {
  const artifact = accountFactoryProduct.artifacts.find((candidate) => candidate.id === product.artifactId);
  return {
    Name: product.name,
    Arn: `arn:aws:servicecatalog:us-east-1:${state.organization.managementAccountId}:stack/${product.name}/${product.id}`,
    Type: "CONTROL_TOWER_ACCOUNT",
    Id: product.id,
    Status: product.status,
    StatusMessage: product.statusMessage ?? undefined,
    CreatedTime: seconds(product.createdAt),
    IdempotencyToken: product.idempotencyToken,
    LastRecordId: product.lastRecordId,
    LastProvisioningRecordId: product.lastRecordId,
    LastSuccessfulProvisioningRecordId: product.lastSuccessfulRecordId ?? undefined,
    Tags: product.tags,
    PhysicalId: product.accountId ?? undefined,
    ProductId: product.productId,
    ProductName: accountFactoryProduct.name,
    ProvisioningArtifactId: product.artifactId,
    ProvisioningArtifactName: artifact?.name,
  };
}

const searchProducts: OperationHandler = (_ctx, input) => {
  const request = parseInput(
    z.object({
      AcceptLanguage: z.string().optional(),
      Filters: z.record(z.string(), z.array(z.string())).optional(),
      PageSize: z.number().int().optional(),
      PageToken: z.string().optional(),
      SortBy: z.enum(["Title", "VersionCount", "CreationDate"]).optional(),
      SortOrder: z.enum(["ASCENDING", "DESCENDING"]).optional(),
    }),
    input,
    toInputError,
  );
  const filters = request.Filters ?? {};
  for (const key of Object.keys(filters)) {
    if (!["FullTextSearch", "Owner", "ProductType", "SourceProductId"].includes(key)) throw invalidParameters(`Unknown filter ${key}.`);
  }
  const matches = products.filter((product) => {
    const text = `${product.name} ${product.shortDescription} ${product.owner}`.toLowerCase();
    if (filters.FullTextSearch?.length && !filters.FullTextSearch.some((term) => text.includes(term.toLowerCase()))) return false;
    if (filters.Owner?.length && !filters.Owner.includes(product.owner)) return false;
    if (filters.ProductType?.length && !filters.ProductType.includes("CLOUD_FORMATION_TEMPLATE")) return false;
    return true;
  });
  const result = page(matches, { token: request.PageToken, size: request.PageSize, max: 20, scope: `SearchProducts:${JSON.stringify(filters)}` });
  return { ProductViewSummaries: result.page.map(productViewSummary), NextPageToken: result.nextToken };
};

const describeProduct: OperationHandler = (_ctx, input) => {
  const request = parseInput(z.object({ AcceptLanguage: z.string().optional(), Id: z.string().optional(), Name: z.string().optional() }), input, toInputError);
  if (!request.Id && !request.Name) throw invalidParameters("Either Id or Name must be specified.");
  const product = findProduct(request.Id, request.Name);
  return {
    ProductViewSummary: productViewSummary(product),
    ProvisioningArtifacts: product.artifacts
      .filter((artifact) => artifact.active)
      .map((artifact) => ({ Id: artifact.id, Name: artifact.name, Description: artifact.description, CreatedTime: seconds(artifact.createdAt), Guidance: artifact.guidance })),
    Budgets: [],
    LaunchPaths: product.launchPaths.map((path) => ({ Id: path.id, Name: path.name })),
  };
};

const listProvisioningArtifacts: OperationHandler = (_ctx, input) => {
  const request = parseInput(z.object({ AcceptLanguage: z.string().optional(), ProductId: z.string() }), input, toInputError);
  const product = findProduct(request.ProductId, undefined);
  return {
    ProvisioningArtifactDetails: product.artifacts.map((artifact) => ({
      Id: artifact.id,
      Name: artifact.name,
      Description: artifact.description,
      Type: "CLOUD_FORMATION_TEMPLATE",
      CreatedTime: seconds(artifact.createdAt),
      Active: artifact.active,
      Guidance: artifact.guidance,
    })),
  };
};

const listLaunchPaths: OperationHandler = (_ctx, input) => {
  const request = parseInput(
    z.object({ AcceptLanguage: z.string().optional(), ProductId: z.string(), PageSize: z.number().int().optional(), PageToken: z.string().optional() }),
    input,
    toInputError,
  );
  const product = findProduct(request.ProductId, undefined);
  const result = page(product.launchPaths, { token: request.PageToken, size: request.PageSize, max: 20, scope: `ListLaunchPaths:${product.id}` });
  return {
    LaunchPathSummaries: result.page.map((path) => ({
      Id: path.id,
      Name: path.name,
      ConstraintSummaries: [{ Type: "LAUNCH", Description: "AWSControlTowerAccountFactory launch role" }],
      Tags: [],
    })),
    NextPageToken: result.nextToken,
  };
};

const describeProvisioningParameters: OperationHandler = (ctx, input) => {
  const request = parseInput(z.object(productRef), input, toInputError);
  resolveLaunch(request);
  const enrolled = ctx.store.data.ous.filter((ou) => ou.enrolled).map(managedOuValue);
  return {
    ProvisioningArtifactParameters: accountFactoryParameters.map((parameter) => ({
      ParameterKey: parameter.key,
      ParameterType: "String",
      IsNoEcho: false,
      Description: parameter.description,
      ParameterConstraints:
        parameter.key === "ManagedOrganizationalUnit" ? { AllowedValues: enrolled } : { AllowedValues: [], AllowedPattern: parameter.allowedPattern },
    })),
    ConstraintSummaries: [{ Type: "LAUNCH", Description: "AWSControlTowerAccountFactory launch role" }],
    UsageInstructions: [{ Type: "version", Value: "2010-09-09" }],
    TagOptions: [],
    ProvisioningArtifactPreferences: {},
    ProvisioningArtifactOutputKeys: ["AccountId", "AccountEmail", "SSOUserEmail", "SSOUserPortal"].map((Key) => ({ Key, Description: Key })),
    ProvisioningArtifactOutputs: ["AccountId", "AccountEmail", "SSOUserEmail", "SSOUserPortal"].map((Key) => ({ Key, Description: Key })),
  };
};

const tagListSchema = z
  .array(z.object({ Key: z.string().min(1).max(128), Value: z.string().min(1).max(256) }))
  .max(50)
  .optional();

const provisionSchema = z.object({
  ...productRef,
  ProvisionedProductName: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9._-]*"),
  ProvisioningParameters: z.array(z.object({ Key: z.string().min(1).max(1000), Value: z.string().max(4096).optional() })).optional(),
  ProvisioningPreferences: z.unknown().optional(),
  Tags: tagListSchema,
  NotificationArns: z.array(z.string()).optional(),
  ProvisionToken: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[a-zA-Z0-9_-]*$/, "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]*")
    .optional(),
});

/** Checks the parameters against the template as CloudFormation would, in its words, and finds the OU. */
function validateParameters(state: AwsState, given: Array<{ Key: string; Value?: string }>): { parameters: AccountFactoryParameters; ou: OrgUnit } {
  const known = new Set<string>(accountFactoryParameters.map((parameter) => parameter.key));
  const unknown = given.filter((parameter) => !known.has(parameter.Key)).map((parameter) => parameter.Key);
  if (unknown.length > 0) throw invalidParameters(`Parameters: [${unknown.join(", ")}] do not exist in the template`);
  const values = new Map(given.map((parameter) => [parameter.Key, parameter.Value ?? ""]));
  const missing = accountFactoryParameters.filter((parameter) => !values.get(parameter.key)).map((parameter) => parameter.key);
  if (missing.length > 0) throw invalidParameters(`Parameters: [${missing.join(", ")}] must have values`);
  for (const parameter of accountFactoryParameters) {
    const value = values.get(parameter.key) ?? "";
    if (!new RegExp(`^(?:${parameter.allowedPattern})$`).test(value)) {
      throw invalidParameters(`Parameter '${parameter.key}' must match pattern ${parameter.allowedPattern}`);
    }
  }
  const ouValue = values.get("ManagedOrganizationalUnit") ?? "";
  const ou = state.ous.find((candidate) => candidate.enrolled && managedOuValue(candidate) === ouValue);
  if (!ou) {
    throw invalidParameters(
      `Parameter 'ManagedOrganizationalUnit' must be one of AllowedValues: the value '${ouValue}' is not an organizational unit registered with AWS Control Tower`,
    );
  }
  const parameters = Object.fromEntries(accountFactoryParameters.map((parameter) => [parameter.key, values.get(parameter.key) ?? ""])) as unknown as AccountFactoryParameters;
  return { parameters, ou };
}

/** What a ProvisionToken binds: replaying it with anything else is a different request. */
function requestFingerprint(name: string, launch: { productId: string; artifactId: string; pathId: string }, parameters: Array<{ Key: string; Value?: string }>): string {
  const sorted = [...parameters].sort((a, b) => a.Key.localeCompare(b.Key)).map((parameter) => [parameter.Key, parameter.Value ?? ""]);
  return JSON.stringify([name, launch.productId, launch.artifactId, launch.pathId, sorted]);
}

function matchesRule(rule: { accountName: string | null; accountEmail: string | null }, parameters: AccountFactoryParameters): boolean {
  if (rule.accountName !== null && rule.accountName !== parameters.AccountName) return false;
  if (rule.accountEmail !== null && rule.accountEmail.toLowerCase() !== parameters.AccountEmail.toLowerCase()) return false;
  return true;
}

function provisionProduct(ctx: AwsContext, input: unknown): unknown {
  const request = parseInput(provisionSchema, input, toInputError);
  const state = ctx.store.data;
  const given = request.ProvisioningParameters ?? [];

  const launch = resolveLaunch(request);
  const fingerprint = requestFingerprint(request.ProvisionedProductName, { productId: launch.product.id, artifactId: launch.artifact.id, pathId: launch.path.id }, given);
  if (request.ProvisionToken) {
    const previous = state.records.find((record) => record.provisionToken === request.ProvisionToken);
    if (previous) {
      const previousFingerprint = requestFingerprint(
        previous.provisionedProductName,
        { productId: previous.productId, artifactId: previous.artifactId, pathId: previous.pathId },
        Object.entries(previous.parameters).map(([Key, Value]) => ({ Key, Value })),
      );
      if (previousFingerprint !== fingerprint) throw duplicateResource(`ProvisionToken ${request.ProvisionToken} was already used by a different ProvisionProduct request.`);
      return { RecordDetail: recordDetail(previous) };
    }
  }

  const { parameters, ou } = validateParameters(state, given);
  if (state.provisionedProducts.some((product) => product.name === request.ProvisionedProductName)) {
    throw invalidParameters(`A stack named ${request.ProvisionedProductName} already exists.`);
  }
  if (countInFlight(state) >= state.settings.maxInFlight) throw invalidParameters(CONTROL_TOWER_BUSY_MESSAGE);

  const ruleIndex = state.failures.findIndex((rule) => matchesRule(rule, parameters));
  const rule = state.failures[ruleIndex];
  if (rule) {
    rule.remaining -= 1;
    if (rule.remaining <= 0) state.failures.splice(ruleIndex, 1);
  }

  const now = ctx.now();
  const duration = state.settings.durationMs;
  const token = request.ProvisionToken ?? randomId("token", 32);
  const tags: TagEntry[] = request.Tags ?? [];
  const productId = randomId("pp");
  const record: ProvisionRecord = {
    id: randomId("rec"),
    provisionedProductId: productId,
    provisionedProductName: request.ProvisionedProductName,
    status: "CREATED",
    createdAt: now,
    updatedAt: now,
    // Real records sit in CREATED for a moment before Control Tower picks them up.
    inProgressAt: now + Math.min(1_000, Math.round(duration * 0.1)),
    completeAt: now + duration,
    provisionToken: token,
    productId: launch.product.id,
    artifactId: launch.artifact.id,
    pathId: launch.path.id,
    parameters,
    ouId: ou.id,
    tags,
    scriptedError: rule ? { Code: rule.code, Description: rule.description } : null,
    outputs: [],
    errors: [],
  };
  state.records.push(record);
  state.provisionedProducts.push({
    id: productId,
    name: request.ProvisionedProductName,
    status: "UNDER_CHANGE",
    statusMessage: null,
    createdAt: now,
    idempotencyToken: token,
    lastRecordId: record.id,
    lastSuccessfulRecordId: null,
    productId: launch.product.id,
    artifactId: launch.artifact.id,
    tags,
    accountId: null,
  });
  ctx.engine.notePeak();
  ctx.engine.schedule(record);
  return { RecordDetail: recordDetail(record) };
}

const describeRecord: OperationHandler = (ctx, input) => {
  const request = parseInput(
    z.object({ AcceptLanguage: z.string().optional(), Id: z.string().min(1), PageToken: z.string().optional(), PageSize: z.number().int().optional() }),
    input,
    toInputError,
  );
  const record = ctx.store.data.records.find((candidate) => candidate.id === request.Id);
  if (!record) throw resourceNotFound(`Record ${request.Id} not found.`);
  const result = page(record.outputs, { token: request.PageToken, size: request.PageSize, max: 20, scope: `DescribeRecord:${record.id}` });
  return { RecordDetail: recordDetail(record), RecordOutputs: result.page, NextPageToken: result.nextToken };
};

const SEARCH_KEYS: Record<string, (state: AwsState, product: ProvisionedProduct) => string | null> = {
  id: (_s, p) => p.id,
  name: (_s, p) => p.name,
  status: (_s, p) => p.status,
  type: () => "CONTROL_TOWER_ACCOUNT",
  productId: (_s, p) => p.productId,
  productName: () => accountFactoryProduct.name,
  provisioningArtifactId: (_s, p) => p.artifactId,
  lastRecordId: (_s, p) => p.lastRecordId,
  idempotencyToken: (_s, p) => p.idempotencyToken,
  physicalId: (_s, p) => p.accountId,
  arn: (s, p) => `arn:aws:servicecatalog:us-east-1:${s.organization.managementAccountId}:stack/${p.name}/${p.id}`,
};

/** SearchQuery terms: `key:value` on a known attribute matches it exactly, anything else searches the name. */
function matchesQuery(state: AwsState, product: ProvisionedProduct, term: string): boolean {
  const colon = term.indexOf(":");
  const read = colon > 0 ? SEARCH_KEYS[term.slice(0, colon)] : undefined;
  if (read) return (read(state, product) ?? "").toLowerCase() === term.slice(colon + 1).toLowerCase();
  return product.name.toLowerCase().includes(term.toLowerCase());
}

const searchProvisionedProducts: OperationHandler = (ctx, input) => {
  const request = parseInput(
    z.object({
      AcceptLanguage: z.string().optional(),
      AccessLevelFilter: z.object({ Key: z.enum(["Account", "Role", "User"]).optional(), Value: z.string().optional() }).optional(),
      Filters: z.record(z.string(), z.array(z.string())).optional(),
      SortBy: z.string().optional(),
      SortOrder: z.enum(["ASCENDING", "DESCENDING"]).optional(),
      PageSize: z.number().int().optional(),
      PageToken: z.string().optional(),
    }),
    input,
    toInputError,
  );
  const state = ctx.store.data;
  const filters = request.Filters ?? {};
  for (const key of Object.keys(filters)) if (key !== "SearchQuery") throw invalidParameters(`Unknown filter ${key}.`);
  const terms = filters.SearchQuery ?? [];
  const sortKey = request.SortBy ?? "createdTime";
  if (sortKey !== "createdTime" && !SEARCH_KEYS[sortKey]) throw invalidParameters(`SortBy ${sortKey} is not supported.`);
  const sortValue = (product: ProvisionedProduct): string | number => (sortKey === "createdTime" ? product.createdAt : (SEARCH_KEYS[sortKey]?.(state, product) ?? ""));
  const direction = request.SortOrder === "DESCENDING" ? -1 : 1;
  const matches = state.provisionedProducts
    .filter((product) => terms.every((term) => matchesQuery(state, product, term)))
    .sort((a, b) => {
      const left = sortValue(a);
      const right = sortValue(b);
      return (left < right ? -1 : left > right ? 1 : 0) * direction;
    });
  const result = page(matches, { token: request.PageToken, size: request.PageSize, max: 100, scope: `SearchProvisionedProducts:${JSON.stringify([terms, sortKey, direction])}` });
  return {
    ProvisionedProducts: result.page.map((product) => provisionedProductShape(state, product)),
    TotalResultsCount: matches.length,
    NextPageToken: result.nextToken,
  };
};

/** `AWS242ServiceCatalogService.<Operation>`. */
export const serviceCatalogOperations: Record<string, Operation> = {
  SearchProducts: { handle: searchProducts, mutates: false },
  DescribeProduct: { handle: describeProduct, mutates: false },
  ListProvisioningArtifacts: { handle: listProvisioningArtifacts, mutates: false },
  ListLaunchPaths: { handle: listLaunchPaths, mutates: false },
  DescribeProvisioningParameters: { handle: describeProvisioningParameters, mutates: false },
  ProvisionProduct: { handle: provisionProduct, mutates: true },
  DescribeRecord: { handle: describeRecord, mutates: false },
  SearchProvisionedProducts: { handle: searchProvisionedProducts, mutates: false },
};
