import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v), { message: `${name} must be an absolute URL, e.g. https://example.com` });

/**
 * Every environment variable the server reads. README.md documents each one; keep them in step.
 * Values are read once, at start-up (instrumentation.ts), and fail with a message naming the variable.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ message: "DATABASE_URL is required: a postgresql:// connection string" })
      .refine((v) => /^postgres(ql)?:\/\//.test(v), {
        message: "DATABASE_URL must start with postgresql:// or postgres://",
      }),
    AUTH_SECRET: z
      .string({ message: "AUTH_SECRET is required: 32+ random bytes, e.g. `openssl rand -base64 33`" })
      .min(32, { message: "AUTH_SECRET must be at least 32 characters" }),
    AUTH_URL: url("AUTH_URL").optional(),
    AUTH_OIDC_ISSUER: url("AUTH_OIDC_ISSUER").optional(),
    AUTH_OIDC_CLIENT_ID: optionalString,
    AUTH_OIDC_CLIENT_SECRET: optionalString,
    AUTH_OIDC_NAME: z.string().trim().min(1).default("Single sign-on"),
    AUTH_OIDC_GROUPS_CLAIM: z.string().trim().min(1).default("groups"),
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    /** Only members of this org may sign in with GitHub; its teams are the groups. Defaults to GITHUB_ORG. */
    AUTH_GITHUB_ORG: optionalString,
    BULKHEAD_ROLE_MAPPING: optionalString,
    BULKHEAD_PUBLIC_URL: url("BULKHEAD_PUBLIC_URL").optional(),
    GITHUB_API_URL: url("GITHUB_API_URL").default("https://api.github.com"),
    GITHUB_GIT_URL: url("GITHUB_GIT_URL").default("https://github.com"),
    GITHUB_APP_ID: optionalString,
    GITHUB_APP_PRIVATE_KEY: optionalString,
    GITHUB_WEBHOOK_SECRET: optionalString,
    GITHUB_ORG: optionalString,
  })
  .superRefine((env, ctx) => {
    const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_CLIENT_ID, env.AUTH_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET must be set together",
      });
    }
    if (Boolean(env.AUTH_GITHUB_ID) !== Boolean(env.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_GITHUB_ID"],
        message: "AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together",
      });
    }
    if (env.AUTH_GITHUB_ID && !env.AUTH_GITHUB_ORG && !env.GITHUB_ORG) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_GITHUB_ORG"],
        message:
          "AUTH_GITHUB_ORG (or GITHUB_ORG) is required with GitHub sign-in: without it any GitHub account could sign in",
      });
    }
    if (!env.AUTH_OIDC_ISSUER && !env.AUTH_GITHUB_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "no sign-in provider is configured: set the AUTH_OIDC_* or AUTH_GITHUB_* variables",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Bulkhead cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment, reporting every problem at once rather than the first. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join(".") || "environment";
    return issue.message.includes(key) ? issue.message : `${key}: ${issue.message}`;
  });
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
