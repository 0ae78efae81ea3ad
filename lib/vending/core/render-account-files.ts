import { AppError } from "@/lib/errors/app-error";
import { assertRoundtrip, emitAttribute, emitBlock, formatHcl, type InputValue } from "@/lib/hcl";
import { checkAccountName } from "./account-naming";
import { isVendingEnv, type VendingEnv } from "./environments";
import { checkOuName, isOuId, type OuRef } from "./organizational-unit";
import { checkTagKey, checkTagValue, type TagMap } from "./tag-policy";

/*
 * The files the pull requests add. Every user value reaches HCL through lib/hcl's emitter
 * (quoted and escaped, never concatenated), is checked against its allowlist first, and the
 * formatted file is parsed back and compared before it is returned. Values also become git
 * paths (`accounts/<name>/`, `<env>/`), hence the account-name and env allowlists.
 */

export interface AccountFile {
  path: string;
  content: string;
}

export interface ProviderAccountFileInput {
  accountId: string;
  accountName: string;
  env: VendingEnv;
  ou: OuRef;
  tags: TagMap;
  /** The account set request, named in the header so a reader can find it in the portal. */
  requestId: string;
}

export interface ConsumerAccountFileInput {
  accountId: string;
  accountName: string;
  env: VendingEnv;
}

const ACCOUNT_ID = /^\d{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertAccount(input: { accountId: string; accountName: string; env: string }): void {
  if (!ACCOUNT_ID.test(input.accountId)) throw new AppError("INVALID_INPUT", `"${input.accountId}" is not a 12-digit AWS account id`);
  const nameProblem = checkAccountName(input.accountName);
  if (nameProblem) throw new AppError("INVALID_INPUT", `Account name "${input.accountName}": ${nameProblem}`);
  if (!isVendingEnv(input.env)) throw new AppError("INVALID_INPUT", `"${input.env}" is not an environment (dev, stage, prod)`);
}

/** Keys sorted, so that the file does not change when only the policy's key order does. */
function sortedTags(tags: TagMap): Record<string, InputValue> {
  const sorted: Record<string, InputValue> = {};
  for (const key of Object.keys(tags).sort()) {
    const keyProblem = checkTagKey(key);
    if (keyProblem) throw new AppError("INVALID_INPUT", `Tag key "${key}": ${keyProblem}`);
    const value = tags[key]!;
    const valueProblem = checkTagValue(value);
    if (valueProblem) throw new AppError("INVALID_INPUT", `Tag ${key}: ${valueProblem}`);
    sorted[key] = value;
  }
  return sorted;
}

async function renderLocalsFile(header: string[], locals: Record<string, InputValue>): Promise<string> {
  const body = Object.entries(locals).map(([name, value]) => emitAttribute(name, value, 1));
  const text = await formatHcl(`${header.map((line) => `# ${line}`).join("\n")}\n${emitBlock({ type: "locals", body })}\n`);
  await assertRoundtrip(text, [{ at: ["locals", 0], value: locals }]);
  return text;
}

/**
 * `accounts/<account-name>/account.hcl` for the provider repo: the account's id, environment,
 * OU and tags, which the provider pipeline reads to apply the baselines.
 */
export async function renderProviderAccountFile(input: ProviderAccountFileInput): Promise<AccountFile> {
  assertAccount(input);
  if (!isOuId(input.ou.id)) throw new AppError("INVALID_INPUT", `"${input.ou.id}" is not an organizational unit id`);
  const ouProblem = checkOuName(input.ou.name);
  if (ouProblem) throw new AppError("INVALID_INPUT", `OU name: ${ouProblem}`);
  if (!UUID.test(input.requestId)) throw new AppError("INVALID_INPUT", `"${input.requestId}" is not a request id`);
  const content = await renderLocalsFile(
    [`Registered by Bulkhead for account set request ${input.requestId}.`, "The provider pipeline applies the baselines to this account."],
    {
      account_id: input.accountId,
      account_name: input.accountName,
      environment: input.env,
      organizational_unit: { id: input.ou.id, name: input.ou.name },
      tags: sortedTags(input.tags),
    },
  );
  return { path: `accounts/${input.accountName}/account.hcl`, content };
}

/** `<env>/account.hcl` for the workload's consumer repo (read by root.hcl and the units). */
export async function renderConsumerAccountFile(input: ConsumerAccountFileInput): Promise<AccountFile> {
  assertAccount(input);
  const content = await renderLocalsFile([`The ${input.env} account of this workload, recorded by Bulkhead.`], {
    account_id: input.accountId,
    account_name: input.accountName,
    environment: input.env,
  });
  return { path: `${input.env}/account.hcl`, content };
}
