import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { githubOwnerSchema, githubRepoNameSchema } from "@/lib/patterns";
import { checkNamePattern } from "./account-naming";
import { sortEnvironments, vendingEnvironments, type VendingEnv } from "./environments";
import { checkOuName, isOuId } from "./organizational-unit";

/*
 * The admins' vending configuration: naming patterns, default OUs, tiers, where Account
 * Factory and the repos are, and the in-flight cap. One document, validated here at every edge.
 */

// Service Catalog ids look like prod-abc…, pa-abc…, lpv3-abc…; names are free text up to 8191.
const CATALOG_ID = /^[A-Za-z0-9_-]{1,100}$/;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? null : value), schema.nullable().default(null));

const ouRefSchema = z
  .object({ id: z.string().trim(), name: z.string().trim() })
  .superRefine((ou, ctx) => {
    if (!isOuId(ou.id)) ctx.addIssue({ code: "custom", path: ["id"], message: "An OU id looks like ou-ab12-34cd56ef" });
    const problem = checkOuName(ou.name);
    if (problem) ctx.addIssue({ code: "custom", path: ["name"], message: problem });
  });

const envSchema = z.enum(vendingEnvironments);

export const vendingSettingsSchema = z
  .object({
    accountNamePattern: z
      .string()
      .trim()
      .superRefine((pattern, ctx) => {
        const problem = checkNamePattern(pattern, "accountName");
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    emailPattern: z
      .string()
      .trim()
      .superRefine((pattern, ctx) => {
        const problem = checkNamePattern(pattern, "email");
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    defaultOus: z.partialRecord(envSchema, ouRefSchema).default({}),
    /** Tier ("1".."9") → the environments a request of that tier starts with. */
    tierEnvironments: z
      .record(z.string(), z.array(envSchema).min(1, "A tier has at least one environment"))
      .superRefine((tiers, ctx) => {
        // Checked here rather than with a key schema, whose message zod replaces with "Invalid key in record".
        for (const tier of Object.keys(tiers)) {
          if (!/^[1-9]$/.test(tier)) ctx.addIssue({ code: "custom", path: [tier], message: "A tier is a digit from 1 to 9" });
        }
        if (Object.keys(tiers).length === 0) ctx.addIssue({ code: "custom", message: "Define at least one tier" });
      })
      .transform((tiers) => Object.fromEntries(Object.entries(tiers).map(([tier, envs]) => [tier, sortEnvironments(envs)]))),
    productName: z.string().trim().min(1).max(8191).default("AWS Control Tower Account Factory"),
    productId: optional(z.string().trim().regex(CATALOG_ID, "Not a Service Catalog product id")),
    artifactName: optional(z.string().trim().min(1).max(8191)),
    artifactId: optional(z.string().trim().regex(CATALOG_ID, "Not a provisioning artifact id")),
    pathName: optional(z.string().trim().min(1).max(8191)),
    pathId: optional(z.string().trim().regex(CATALOG_ID, "Not a launch path id")),
    providerRepoOwner: optional(githubOwnerSchema),
    providerRepoName: optional(githubRepoNameSchema),
    templateRepoOwner: optional(githubOwnerSchema),
    templateRepoName: optional(githubRepoNameSchema),
    consumerRepoOwner: optional(githubOwnerSchema),
    maxInFlight: z.number().int().min(1, "At least 1").max(10, "Control Tower allows at most 10 concurrent account operations").default(5),
  })
  .superRefine((settings, ctx) => {
    const pairs: Array<[keyof typeof settings, keyof typeof settings]> = [
      ["providerRepoOwner", "providerRepoName"],
      ["templateRepoOwner", "templateRepoName"],
    ];
    for (const [owner, name] of pairs) {
      if (Boolean(settings[owner]) !== Boolean(settings[name])) {
        ctx.addIssue({ code: "custom", path: [settings[owner] ? name : owner], message: "Give both the owner and the repository name, or neither" });
      }
    }
  });

export type VendingSettingsInput = z.input<typeof vendingSettingsSchema>;
export type VendingSettings = z.infer<typeof vendingSettingsSchema>;

/** The settings before any admin edit (the migration seeds the same values). */
export const defaultVendingSettings: VendingSettings = vendingSettingsSchema.parse({
  accountNamePattern: "{workload}-{env}",
  emailPattern: "aws+{workload}-{env}@corp.example",
  tierEnvironments: { "1": ["dev", "stage", "prod"], "2": ["dev", "prod"], "3": ["dev"] },
});

/** The environments a request of `tier` starts with; INVALID_INPUT for a tier admins did not define. */
export function environmentsForTier(settings: Pick<VendingSettings, "tierEnvironments">, tier: number): VendingEnv[] {
  const envs = settings.tierEnvironments[String(tier)];
  if (!envs) {
    const known = Object.keys(settings.tierEnvironments).sort().join(", ");
    throw new AppError("INVALID_INPUT", `Tier ${tier} is not defined (tiers: ${known})`, { fieldErrors: [{ path: "tier", message: `Choose one of the tiers ${known}` }] });
  }
  return sortEnvironments(envs);
}
