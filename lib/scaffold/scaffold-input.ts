import { z } from "zod";
import { workloadEnvs } from "@/lib/workloads";

const folderName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "Use lowercase letters, digits, dashes and underscores");

/**
 * Paths of the fields the builder switched to "reference" (`name`, `network.vpc_id`,
 * `subnets[0].id`, `tags["team"]`): the only places besides sensitive inputs where a raw
 * expression is accepted.
 */
const referencePaths = z.array(z.string().min(1).max(300)).max(200, "At most 200 references");

/**
 * `true` when the builder has read the advisory of a version flagged vulnerable and uses it
 * anyway; required for such a version (and audited), ignored for any other.
 */
const acknowledgeVulnerability = z.boolean("acknowledgeVulnerability must be true or false").optional();

/**
 * What the scaffold form submits. `values` is typed JSON from the generated form; raw
 * expressions (references, sensitive inputs) are `{ "__expr": "get_env(\"DB_PASSWORD\")" }`,
 * allowed only in sensitive inputs and at the paths listed in `references`, and raw HCL/JSON
 * text fields are `{ "__hcl": "..." }`. The values are checked against the module's variable
 * types and the expression allowlist on the server by `validateInputs`, not here.
 */
export const scaffoldInputSchema = z.object({
  workload: z.string().trim().min(1, "Choose a workload"),
  moduleVersionId: z.guid("Choose a module version"),
  env: z.enum(workloadEnvs),
  region: folderName.max(32),
  unitName: z.string().trim().min(1, "Enter a unit name").max(64),
  style: z.enum(["terragrunt", "terraform"]).default("terragrunt"),
  values: z.record(z.string(), z.unknown()).default({}),
  references: referencePaths.optional(),
  acknowledgeVulnerability,
});

export type ScaffoldInput = z.infer<typeof scaffoldInputSchema>;

/** `POST /api/scaffolds`: the form plus a client-chosen idempotency key and the collision choice. */
export const createScaffoldInputSchema = scaffoldInputSchema.extend({
  idempotencyKey: z.string().trim().min(8, "idempotencyKey must be at least 8 characters").max(200),
  /** "update" rewrites the unit that already exists at the path (after a collision in the preview). */
  mode: z.enum(["create", "update"]).default("create"),
});

export type CreateScaffoldInput = z.infer<typeof createScaffoldInputSchema>;

/** Promotion of a unit to the next account folder (dev → stage → prod). */
export const promoteUnitInputSchema = z.object({
  workload: z.string().trim().min(1),
  /** The unit file being promoted, e.g. "dev/eu-west-1/vpc/terragrunt.hcl". */
  unitPath: z.string().trim().regex(/^(dev|stage|prod)\/[a-z0-9][a-z0-9_-]*\/[a-z0-9][a-z0-9_-]*\/terragrunt\.hcl$/, "Not a unit path"),
  toEnv: z.enum(["stage", "prod"]),
  /** Region folder in the target env; defaults to the source unit's region. */
  region: folderName.max(32).optional(),
  /** Another version of the same module; defaults to the version the unit uses now. */
  moduleVersionId: z.guid().optional(),
  /** Env-specific input values; defaults to the source unit's inputs. */
  inputs: z.record(z.string(), z.unknown()).optional(),
  /** With `inputs`: the paths that hold references (see `scaffoldInputSchema`). */
  references: referencePaths.optional(),
  /** A unit already at the target path is only replaced when asked: it may hold env-specific inputs. */
  replaceExisting: z.boolean().optional(),
  /** Required when the version promoted to is flagged vulnerable (see `scaffoldInputSchema`). */
  acknowledgeVulnerability,
  idempotencyKey: z.string().trim().min(8).max(200),
});

export type PromoteUnitInput = z.infer<typeof promoteUnitInputSchema>;
