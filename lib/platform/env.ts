import { z } from "zod";
import { parseRoleMapping } from "./auth/role-mapping";

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

/** Empty means unset, so `VAR=` in an env file falls back to the default. */
const blankAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** One of `values`, case-insensitive; unset or empty gives `fallback`. */
const choice = <const T extends readonly [string, ...string[]]>(name: string, values: T, fallback: T[number]) =>
  z.preprocess(
    (v) => (typeof blankAsUnset(v) === "string" ? (v as string).trim().toLowerCase() : undefined),
    z.enum(values, { message: `${name} must be one of ${values.join(", ")}` }).default(fallback),
  );

// Five fields (minute hour day month weekday), or six with seconds first, as pg-boss accepts.
const CRON = /^[\d*,/?#A-Za-z -]+$/;
const cron = (name: string, fallback: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .refine((v) => CRON.test(v) && [5, 6].includes(v.split(/\s+/).length), {
        message: `${name} must be a cron expression of 5 fields (minute hour day month weekday), e.g. "${fallback}"`,
      })
      .default(fallback),
  );

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Two groups are also read on their own, by code that runs without the full environment
// (the logger in tests and the CLI; job definitions built when their module loads).
const logEnvShape = { LOG_LEVEL: choice("LOG_LEVEL", LOG_LEVELS, "info") };

const jobsEnvShape = {
  /** `off` keeps the job worker out of this process; work then runs inline. */
  BULKHEAD_JOBS: choice("BULKHEAD_JOBS", ["on", "off"], "on"),
  BULKHEAD_SYNC_CRON: cron("BULKHEAD_SYNC_CRON", "*/15 * * * *"),
  BULKHEAD_SCAN_CRON: cron("BULKHEAD_SCAN_CRON", "17 * * * *"),
  /** When the accounts in AWS Organizations are imported (hourly by default). */
  BULKHEAD_ACCOUNT_IMPORT_CRON: cron("BULKHEAD_ACCOUNT_IMPORT_CRON", "41 * * * *"),
  /** When governance's drift scan reads every active account's tags (hourly by default). */
  BULKHEAD_DRIFT_CRON: cron("BULKHEAD_DRIFT_CRON", "53 * * * *"),
  /** Set by Next.js itself: `phase-production-build` during `next build`. */
  NEXT_PHASE: optionalString,
};

const milliseconds = (name: string, range: { min: number; max: number; default: number }, why = "") =>
  z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ message: `${name} must be a number of milliseconds` })
      .int({ message: `${name} must be a whole number of milliseconds` })
      .min(range.min, { message: `${name} must be at least ${range.min} ms` })
      .max(range.max, { message: `${name} must be at most ${range.max} ms${why}` })
      .default(range.default),
  );

/**
 * Limits, timeouts and host trust (issue 8, ARCHITECTURE.md "Security model"). Kept in one
 * block so that the hardening settings are read side by side.
 */
const securityEnvShape = {
  /** Waiting for a new database connection, or for a free one in the pool. */
  BULKHEAD_DB_CONNECT_TIMEOUT_MS: milliseconds("BULKHEAD_DB_CONNECT_TIMEOUT_MS", { min: 100, max: 60_000, default: 5_000 }),
  /** Server-side `statement_timeout`; the client gives up 5 s later if the server itself is frozen. */
  BULKHEAD_DB_STATEMENT_TIMEOUT_MS: milliseconds("BULKHEAD_DB_STATEMENT_TIMEOUT_MS", { min: 100, max: 600_000, default: 15_000 }),
  /** Server-side `idle_in_transaction_session_timeout`: a stuck transaction cannot hold locks for long. */
  BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds("BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", {
    min: 100,
    max: 600_000,
    default: 30_000,
  }),
  /**
   * Every outbound HTTP call to GitHub (App and sign-in) and the sign-in provider. It must stay
   * well under the scaffold's 2-minute delivery lease, or a hung call could outlive its lease.
   */
  BULKHEAD_HTTP_TIMEOUT_MS: milliseconds(
    "BULKHEAD_HTTP_TIMEOUT_MS",
    { min: 1_000, max: 90_000, default: 30_000 },
    " (it must stay well under the 2-minute scaffold delivery lease)",
  ),
  /** Trust the request's Host / X-Forwarded-Host headers (Auth.js `trustHost`). See `resolveTrustHost`. */
  AUTH_TRUST_HOST: z.preprocess(
    blankAsUnset,
    z
      .enum(["true", "false", "1", "0"], { message: "AUTH_TRUST_HOST must be true or false" })
      .transform((v) => v === "true" || v === "1")
      .optional(),
  ),
};

// Sessions, role mapping and README rendering (lib/platform/auth, lib/catalogue/render-readme.ts).
const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ message: `${name} must be a whole number from ${min} to ${max}` })
      .int({ message: `${name} must be a whole number from ${min} to ${max}` })
      .min(min, { message: `${name} must be a whole number from ${min} to ${max}` })
      .max(max, { message: `${name} must be a whole number from ${min} to ${max}` })
      .default(fallback),
  );

const sessionEnvShape = {
  /** Absolute session lifetime from sign-in; activity never extends it. */
  BULKHEAD_SESSION_MAX_HOURS: wholeNumber("BULKHEAD_SESSION_MAX_HOURS", 1, 168, 12),
  /** Longest time a session's roles go without re-reading the IdP groups. */
  BULKHEAD_SESSION_RECHECK_MINUTES: wholeNumber("BULKHEAD_SESSION_RECHECK_MINUTES", 5, 60, 60),
  /** Ask the OIDC provider for `offline_access` (a refresh token to re-read groups without a new sign-in). */
  AUTH_OIDC_OFFLINE_ACCESS: choice("AUTH_OIDC_OFFLINE_ACCESS", ["on", "off"], "on"),
  /** JSON array of group → role rules; patterns are RE2 and checked here, at start-up. */
  BULKHEAD_ROLE_MAPPING: optionalString.superRefine((value, ctx) => {
    try {
      parseRoleMapping(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  }),
  /** `drop` (default): README images from other hosts than the module's own repo are not shown; `allow` shows them. */
  BULKHEAD_README_EXTERNAL_IMAGES: choice("BULKHEAD_README_EXTERNAL_IMAGES", ["drop", "allow"], "drop"),
};

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
    BULKHEAD_PUBLIC_URL: url("BULKHEAD_PUBLIC_URL").optional(),
    GITHUB_API_URL: url("GITHUB_API_URL").default("https://api.github.com"),
    GITHUB_GIT_URL: url("GITHUB_GIT_URL").default("https://github.com"),
    GITHUB_APP_ID: optionalString,
    GITHUB_APP_PRIVATE_KEY: optionalString,
    GITHUB_WEBHOOK_SECRET: optionalString,
    GITHUB_ORG: optionalString,
    /** EventBridge bus (name or ARN) that vending events are published on; unset publishes none. */
    BULKHEAD_VENDING_EVENT_BUS: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(/^(?:arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._\-/]{1,256}$/, {
          message: "BULKHEAD_VENDING_EVENT_BUS must be an EventBridge bus name or ARN, e.g. bulkhead-events",
        })
        .optional(),
    ),
    /**
     * Hosts (`host` or `host:port`, comma-separated) the estate's chat webhook may reach although
     * they are private or plain http: the emulator's and tests' receivers. Empty in production.
     */
    BULKHEAD_CHAT_WEBHOOK_ALLOW_HOSTS: z.preprocess(
      blankAsUnset,
      z
        .string()
        .default("")
        .transform((v) => v.split(",").map((h) => h.trim()).filter(Boolean))
        .refine((hosts) => hosts.every((h) => /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(h)), {
          message: "BULKHEAD_CHAT_WEBHOOK_ALLOW_HOSTS must be comma-separated host or host:port values, e.g. 127.0.0.1:4250",
        }),
    ),
    /** First DescribeRecord poll after ProvisionProduct, in seconds (polls then grow to 2 minutes). */
    BULKHEAD_VENDING_POLL_SECONDS: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ message: "BULKHEAD_VENDING_POLL_SECONDS must be a number of seconds" })
        .int("BULKHEAD_VENDING_POLL_SECONDS must be a whole number of seconds")
        .min(1, "BULKHEAD_VENDING_POLL_SECONDS must be between 1 and 600")
        .max(600, "BULKHEAD_VENDING_POLL_SECONDS must be between 1 and 600")
        .default(15),
    ),
    ...jobsEnvShape,
    ...logEnvShape,
    ...securityEnvShape,
    ...sessionEnvShape,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.AUTH_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_URL"],
        message:
          "AUTH_URL is required in production: the portal's public URL, e.g. https://bulkhead.example.com. Without it, sign-in URLs would be built from the request's Host header, which the client controls",
      });
    }
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

const logEnvSchema = z.object(logEnvShape);
const jobsEnvSchema = z.object(jobsEnvShape);
export type JobsEnv = z.infer<typeof jobsEnvSchema>;

function parseWith<T>(schema: z.ZodType<T>, source: Record<string, string | undefined>): T {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => issue.message));
}

/**
 * The job settings alone (worker on/off, schedules), for job definitions that are built
 * when their module loads; unlike `getEnv()` they do not need the rest of the environment.
 */
export function getJobsEnv(source: Record<string, string | undefined> = process.env): JobsEnv {
  return parseWith(jobsEnvSchema, source);
}

/**
 * The log level, read on every log line so that tests and the CLI (which have no full
 * environment) can set it. An invalid value logs at `info`: start-up validation reports it.
 */
export function getLogLevel(source: Record<string, string | undefined> = process.env): LogLevel {
  const result = logEnvSchema.safeParse(source);
  return result.success ? result.data.LOG_LEVEL : "info";
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
