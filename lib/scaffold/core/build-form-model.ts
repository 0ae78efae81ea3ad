import { ANY_FILE_EXPRESSION_POLICY, checkHclExpression } from "@/lib/hcl/check-hcl-expression";
import { isConditionCheckable } from "./evaluate-condition";
import type { ExprValue } from "@/lib/hcl/input-value";
import type { JsonValue } from "@/lib/hcl/parse-hcl-literal";
import { formatTfType, parseTypeExpression, type TfType } from "@/lib/hcl/parse-type-expression";
import type { ScaffoldVariable } from "./scaffold-variable";

export interface FormRule {
  condition: string;
  errorMessage: string;
  /** False when the portal cannot evaluate it: the UI shows it as text. */
  checkable: boolean;
}

interface FormFieldBase {
  /** Variable or attribute name. */
  name: string;
  /** Error path of the field (`network.cidr`; `subnets[*].cidr` inside repeatable groups). */
  path: string;
  label: string;
  description: string;
  required: boolean;
  nullable: boolean;
  /** Canonical Terraform type text, for display. */
  typeText: string;
  hasDefault: boolean;
  defaultValue: JsonValue;
  /** The default rendered as placeholder text, or null when there is no default. */
  placeholder: string | null;
  rules: FormRule[];
}

export type PrimitiveKind = "string" | "number" | "bool";

export type FormField =
  | (FormFieldBase & { kind: "text" | "number" | "checkbox" })
  | (FormFieldBase & { kind: "rows"; collection: "list" | "set" | "map"; element: PrimitiveKind })
  | (FormFieldBase & { kind: "fieldset"; fields: FormField[] })
  | (FormFieldBase & { kind: "group"; collection: "list" | "set" | "map"; itemFields: FormField[] })
  | (FormFieldBase & { kind: "raw"; reason: string })
  | (FormFieldBase & { kind: "sensitive"; explanation: string; referenceOptions: ReferenceOption[] });

export interface ReferenceOption {
  kind: "env" | "dependency" | "expression";
  label: string;
  /** Shape of the expression the option produces, for display. */
  example: string;
}

/** Plain JSON: safe to pass from a server component to client components. */
export interface FormModel {
  fields: FormField[];
}

export const SENSITIVE_EXPLANATION =
  "This input is marked sensitive by the module. Anything typed here would be committed in plain text to the consumer repo and stay in its git history, readable by everyone with access. Point to the secret instead: it is read when Terragrunt runs.";

export const REFERENCE_OPTIONS: ReferenceOption[] = [
  { kind: "env", label: "Environment variable", example: 'get_env("DB_PASSWORD")' },
  { kind: "dependency", label: "Output of another unit", example: "dependency.secrets.outputs.db_password" },
  { kind: "expression", label: "Other reference", example: 'dependency.secrets.outputs.db["password"]' },
];

/**
 * Turns module variables into the form the scaffold page renders: required inputs first, then
 * optional ones, each alphabetical; defaults become placeholders; sensitive inputs only accept
 * references; types the form cannot render become raw HCL/JSON fields.
 */
export function buildFormModel(variables: ScaffoldVariable[]): FormModel {
  const sorted = [...variables].sort(compareRequiredFirst);
  return {
    fields: sorted.map((variable) => {
      const type = parseTypeExpression(variable.type);
      const base: FormFieldBase = {
        name: variable.name,
        path: variable.name,
        label: humanize(variable.name),
        description: variable.description ?? "",
        required: variable.required,
        nullable: variable.nullable,
        typeText: formatTfType(type),
        hasDefault: !variable.required,
        defaultValue: variable.required ? null : toJson(variable.defaultJson),
        placeholder: variable.required ? null : formatPlaceholder(toJson(variable.defaultJson)),
        rules: variable.validations.map((rule) => ({ ...rule, checkable: isConditionCheckable(rule.condition) })),
      };
      if (variable.sensitive) return { ...base, kind: "sensitive", explanation: SENSITIVE_EXPLANATION, referenceOptions: REFERENCE_OPTIONS };
      return buildField(type, base);
    }),
  };
}

function compareRequiredFirst(a: { name: string; required: boolean }, b: { name: string; required: boolean }): number {
  if (a.required !== b.required) return a.required ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function buildField(type: TfType, base: FormFieldBase): FormField {
  switch (type.kind) {
    case "string":
      return { ...base, kind: "text" };
    case "number":
      return { ...base, kind: "number" };
    case "bool":
      return { ...base, kind: "checkbox" };
    case "list":
    case "set":
    case "map": {
      const element = type.element;
      if (element.kind === "string" || element.kind === "number" || element.kind === "bool") {
        return { ...base, kind: "rows", collection: type.kind, element: element.kind };
      }
      if (element.kind === "object") {
        return { ...base, kind: "group", collection: type.kind, itemFields: buildObjectFields(element, `${base.path}[*]`) };
      }
      return { ...base, kind: "raw", reason: `${formatTfType(type)} has no form layout; enter it as HCL or JSON` };
    }
    case "object":
      return { ...base, kind: "fieldset", fields: buildObjectFields(type, base.path) };
    case "any":
      return { ...base, kind: "raw", reason: "The module accepts any type; enter the value as HCL or JSON" };
    case "tuple":
      return { ...base, kind: "raw", reason: "Tuples are entered as an HCL or JSON list" };
    case "unsupported":
      return { ...base, kind: "raw", reason: "The portal cannot read this type; enter the value as HCL or JSON" };
  }
}

function buildObjectFields(type: Extract<TfType, { kind: "object" }>, parentPath: string): FormField[] {
  return [...type.attributes]
    .map((a) => ({ ...a, required: !a.optional }))
    .sort(compareRequiredFirst)
    .map((attribute) =>
      buildField(attribute.type, {
        name: attribute.name,
        path: `${parentPath}.${attribute.name}`,
        label: humanize(attribute.name),
        description: "",
        required: !attribute.optional,
        nullable: true,
        typeText: formatTfType(attribute.type),
        hasDefault: attribute.optional,
        defaultValue: attribute.optional ? attribute.default : null,
        placeholder: attribute.optional ? formatPlaceholder(attribute.default) : null,
        rules: [],
      }),
    );
}

// Words that are written in capitals (or their own casing) in AWS and Terraform docs.
const SPECIAL_WORDS: ReadonlyMap<string, string> = new Map(
  [
    "ACL", "ACM", "ALB", "AMI", "API", "ARN", "ARNS:ARNs", "ASG", "AWS", "AZ", "AZS:AZs", "CIDR", "CIDRS:CIDRs", "CPU", "DB", "DNS", "EBS", "EC2", "ECR", "ECS",
    "EIP", "EKS", "ELB", "FQDN", "GB", "HTTP", "HTTPS", "IAM", "ID", "IDS:IDs", "IOPS", "IP", "IPS:IPs", "IPV4:IPv4", "IPV6:IPv6", "JSON", "KMS", "MFA",
    "NACL", "NAT", "NLB", "OIDC", "RDS", "S3", "SES", "SG", "SNS", "SQS", "SSH", "SSL", "SSM", "TCP", "TLS", "TTL", "UDP", "URL", "URLS:URLs", "VPC",
    "VPCS:VPCs", "VPN", "WAF",
  ].map((entry) => {
    const [key, shown = key] = entry.split(":") as [string, string?];
    return [key.toLowerCase(), shown];
  }),
);

/**
 * A variable name as a label: `kms_key_arn` → "KMS key ARN", `enable_dns_hostnames` → "Enable
 * DNS hostnames", `azs` → "AZs". Known acronyms keep their capitals; other words stay as typed,
 * with the first letter of the label raised.
 */
export function humanize(name: string): string {
  const words = name
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((word) => SPECIAL_WORDS.get(word.toLowerCase()) ?? word);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/** The default as placeholder text; null (no default value to show) for a null default. */
function formatPlaceholder(value: JsonValue): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export type SensitiveReferenceChoice =
  | { kind: "env"; name: string }
  | { kind: "dependency"; unit: string; output: string }
  | { kind: "expression"; expression: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HCL_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Turns the user's choice for a sensitive input into the raw expression that is written. A
 * free-form expression must pass the expression allowlist (the server checks it again).
 */
export function buildSensitiveReference(choice: SensitiveReferenceChoice): { ok: true; value: ExprValue } | { ok: false; message: string } {
  switch (choice.kind) {
    case "env":
      return ENV_NAME.test(choice.name)
        ? { ok: true, value: { __expr: `get_env("${choice.name}")` } }
        : { ok: false, message: "Use letters, digits and underscores for the variable name" };
    case "dependency":
      return HCL_NAME.test(choice.unit) && HCL_NAME.test(choice.output)
        ? { ok: true, value: { __expr: `dependency.${choice.unit}.outputs.${choice.output}` } }
        : { ok: false, message: "Unit and output names are letters, digits, dashes and underscores" };
    case "expression": {
      // A sensitive input: Terraform masks its value, so get_env may read any variable.
      const checked = checkHclExpression(choice.expression, { ...ANY_FILE_EXPRESSION_POLICY, envNames: "any" });
      return checked.ok ? { ok: true, value: { __expr: checked.text } } : { ok: false, message: checked.message };
    }
  }
}
