// A realistic bench catalogue: modules shaped like public Terraform module repos (a README
// of 1–30 KB with usage, examples, notes and terraform-docs tables; variables.tf with typed,
// documented inputs; main.tf, outputs.tf, versions.tf, a CHANGELOG and examples). Each module
// draws its nouns, resource types and input names from its own AWS service, so a search for
// one service's terms is selective. Deterministic: the same options give the same bytes.
import { ACRONYMS, AWS_SERVICES, DETAILS, PRODUCTS, PROSE, type ServiceSpec, type ServiceTrait } from "./aws-services";
import { createRandom, mixSeed, type Random } from "./random";

export interface CorpusOptions {
  modules: number;
  /** Releases per module (tags). */
  versions: number;
  seed?: number;
  /** Owner and repo the usage snippets point at. */
  owner?: string;
  repo?: string;
}

export interface CorpusInput {
  name: string;
  /** HCL type expression. */
  type: string;
  /** HCL literal, or null for a required input. */
  defaultHcl: string | null;
  description: string;
  sensitive: boolean;
  validation: { condition: string; message: string } | null;
  /** An HCL value for usage snippets. */
  example: string;
}

export interface CorpusModule {
  name: string;
  service: ServiceSpec;
  variant: string;
  /** Semver releases, oldest first; tag `<name>/v<release>`. */
  releases: string[];
  /** Every input of the newest release; release i has the first `inputsAt[i]`. */
  inputs: CorpusInput[];
  inputsAt: number[];
  resources: Array<{ type: string; name: string }>;
  dataSources: Array<{ type: string; name: string }>;
  outputs: Array<{ name: string; description: string; value: string }>;
  examples: string[];
  /** README size the newest release aims at, in bytes. */
  readmeTarget: number;
  seed: number;
  owner: string;
  repo: string;
}

const COMMON_INPUTS = ["create", "name", "tags"];
const TRAIT_INPUTS: Record<ServiceTrait, string[]> = {
  vpc: ["vpc_id", "subnet_ids", "create_security_group", "security_group_name", "security_group_description", "security_group_rules", "security_group_ids"],
  kms: ["kms_key_arn", "create_kms_key", "kms_key_deletion_window_in_days", "kms_key_enable_default_policy", "kms_key_administrators", "kms_key_aliases"],
  iam: ["create_iam_role", "iam_role_arn", "iam_role_name", "iam_role_use_name_prefix", "iam_role_path", "iam_role_permissions_boundary", "iam_role_policies", "iam_role_tags"],
  logs: ["create_cloudwatch_log_group", "cloudwatch_log_group_name", "cloudwatch_log_group_retention_in_days", "cloudwatch_log_group_kms_key_id", "cloudwatch_log_group_class"],
  alarms: ["create_alarms", "alarm_sns_topic_arns", "alarm_evaluation_periods", "alarm_threshold_overrides"],
  dns: ["create_route53_records", "route53_zone_id", "route53_record_names", "acm_certificate_arn"],
};
const SUFFIXES = ["arn", "id", "name", "enabled", "mode", "type", "settings", "ids", "retention_in_days", "timeout_seconds", "prefix", "policy", "configuration", "tags", "count", "size"];
const QUALIFIERS = "baseline hardened shared regional global legacy v2 pci internal external standard minimal extended core edge".split(" ");
const TEAMS = "payments ledger checkout identity search analytics platform data-eng growth risk fraud billing catalog notifications".split(" ");

const snake = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
const humanize = (name: string) =>
  name
    .split("_")
    .map((w) => ACRONYMS[w] ?? w)
    .join(" ");
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Names and specs of `options.modules` modules, spread over the services. */
export function buildCorpus(options: CorpusOptions): CorpusModule[] {
  const seed = options.seed ?? 20261130;
  const owner = options.owner ?? "bench-org";
  const repo = options.repo ?? "iac-modules";
  const names = new Set<string>();
  const modules: CorpusModule[] = [];
  for (let k = 0; k < options.modules; k++) {
    const random = createRandom(mixSeed(seed, "module", k));
    // Round-robin over services keeps every service present; variants and qualifiers vary.
    const service = AWS_SERVICES[k % AWS_SERVICES.length]!;
    const variant = service.variants[Math.floor(k / AWS_SERVICES.length) % service.variants.length]!;
    let name = `${service.key}-${variant}`;
    for (let attempt = 0; names.has(name); attempt++) {
      name = `${service.key}-${variant}-${attempt < QUALIFIERS.length * 2 ? random.pick(QUALIFIERS) : attempt}`;
    }
    names.add(name);
    modules.push(buildModule({ name, service, variant, random, versions: options.versions, seed: mixSeed(seed, name), owner, repo }));
  }
  return modules;
}

function buildModule(args: { name: string; service: ServiceSpec; variant: string; random: Random; versions: number; seed: number; owner: string; repo: string }): CorpusModule {
  const { service, random } = args;
  // READMEs: median ~5.5 KB, most between 2 and 15 KB, clipped to 1–30 KB.
  const readmeTarget = Math.round(Math.min(30_000, Math.max(1_000, random.logNormal(5_500, 0.75))));
  const wantedInputs = Math.max(4, Math.min(90, Math.round(readmeTarget / 420)));

  const names: string[] = [...COMMON_INPUTS];
  const add = (n: string) => {
    if (!names.includes(n)) names.push(n);
  };
  const specific = random.sample(service.inputs, Math.max(3, Math.round(service.inputs.length * (0.5 + random() * 0.5))));
  const traitInputs = service.traits.flatMap((t) => random.sample(TRAIT_INPUTS[t], random.int(2, TRAIT_INPUTS[t].length)));
  // Interleave service and trait inputs, as modules grow features over time.
  for (let i = 0; i < Math.max(specific.length, traitInputs.length); i++) {
    if (specific[i]) add(specific[i]!);
    if (traitInputs[i]) add(traitInputs[i]!);
  }
  for (let guard = 0; names.length < wantedInputs && guard < 500; guard++) {
    const noun = snake(random.pick(service.nouns)).split("_").slice(-2).join("_");
    add(`${noun}_${random.pick(SUFFIXES)}`);
  }
  const inputs = names.slice(0, Math.max(wantedInputs, COMMON_INPUTS.length + 2)).map((n) => buildInput(n, service, random));

  const releases = buildReleases(args.versions, random);
  // The first release has about 60 % of the inputs; each later one adds a few.
  const inputsAt = releases.map((_, i) => {
    const share = releases.length === 1 ? 1 : 0.6 + (0.4 * i) / (releases.length - 1);
    return Math.max(COMMON_INPUTS.length, Math.round(inputs.length * share));
  });

  const resourceTypes = random.sample(service.resources, Math.max(1, Math.min(service.resources.length, Math.round(wantedInputs / 3))));
  const resources = resourceTypes.map((type, i) => ({ type: `aws_${type}`, name: i === 0 ? "this" : random.pick(["this", "default", "main", "primary"]) }));
  // Resource addresses must be unique.
  const seen = new Set<string>();
  for (const r of resources) {
    while (seen.has(`${r.type}.${r.name}`)) r.name = `${r.name}_${seen.size}`;
    seen.add(`${r.type}.${r.name}`);
  }
  const dataSources = [
    { type: "aws_caller_identity", name: "current" },
    { type: "aws_partition", name: "current" },
    ...(random.chance(0.6) ? [{ type: "aws_region", name: "current" }] : []),
    ...(service.traits.includes("iam") || service.traits.includes("kms") ? [{ type: "aws_iam_policy_document", name: random.pick(["this", "assume_role", "key_policy"]) }] : []),
  ];
  const outputs = resources.slice(0, Math.max(1, Math.ceil(resources.length / 2))).flatMap((r) => {
    const base = r.type.replace(/^aws_/, "");
    return ["arn", "id", ...(random.chance(0.5) ? ["name"] : [])].map((attr) => ({
      name: `${base}_${attr}`,
      description: `The ${humanize(attr)} of the ${humanize(base)}`,
      value: `try(${r.type}.${r.name}[0].${attr}, null)`,
    }));
  });
  const examples = ["complete", ...random.sample(PROSE.exampleNames.filter((e) => e !== "complete"), random.int(0, 3))];
  return { ...args, inputs, inputsAt, resources, dataSources, outputs, examples, readmeTarget, releases };
}

function buildReleases(count: number, random: Random): string[] {
  let [major, minor, patch] = [1, 0, 0];
  const releases: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      const roll = random();
      if (roll < 0.1) [major, minor, patch] = [major + 1, 0, 0];
      else if (roll < 0.75) [minor, patch] = [minor + 1, 0];
      else patch += 1;
    }
    releases.push(`${major}.${minor}.${patch}`);
  }
  return releases;
}

const NUMBER_DEFAULTS: Array<[RegExp, number[]]> = [
  [/_seconds$|timeout/, [30, 60, 300, 900, 3600, 86400, 345600]],
  [/_days$|retention/, [1, 7, 14, 30, 90, 365]],
  [/_hours$/, [1, 12, 24, 72]],
  [/(^|_)port$/, [443, 5432, 3306, 6379, 8080, 9092]],
  [/_count$|_nodes$|replicas|_shards$|desired|min_|max_/, [1, 2, 3, 6]],
  [/size|capacity|storage|memory|iops|throughput/, [20, 100, 256, 1024, 3000]],
];

function buildInput(name: string, service: ServiceSpec, random: Random): CorpusInput {
  const phrase = humanize(name);
  const noun = random.pick(service.nouns);
  let type = "string";
  let defaultHcl: string | null = "null";
  let example = `"${random.pick(PROSE.environments)}-${service.key}"`;
  let description: string;
  let validation: CorpusInput["validation"] = null;

  if (name === "create") {
    type = "bool";
    defaultHcl = "true";
    example = "true";
    description = "Controls if resources should be created (affects nearly all resources)";
  } else if (name === "name") {
    defaultHcl = '""';
    description = `Name used across the resources created, as the ${noun} name and as the prefix of everything else`;
  } else if (name === "tags" || name.endsWith("_tags")) {
    type = "map(string)";
    defaultHcl = "{}";
    example = `{\n    Team = "${random.pick(TEAMS)}"\n  }`;
    description = name === "tags" ? "A map of tags to add to all resources" : `Additional tags for the ${humanize(name.replace(/_tags$/, ""))}`;
  } else if (/^(create|enable|is|attach|manage|use|allow|block|ignore|restrict|force|skip|publish|deletion)_|_enabled$|_enable$|^(multi_az|internal|encrypted|fifo_queue|fifo_topic|publish|monitoring)$/.test(name)) {
    type = "bool";
    const on = random.chance(0.4);
    defaultHcl = String(on);
    example = String(!on);
    const what = humanize(name.replace(/^(create|enable|is|attach|manage|use)_|_enabled$|_enable$/g, ""));
    description = random.pick([
      `Determines whether to create the ${what}`,
      `Whether ${what} is enabled`,
      `Controls if the ${what} is turned on for this ${noun}`,
      `Set to true to enable ${what}. Defaults to \`${on}\``,
    ]);
  } else if (NUMBER_DEFAULTS.some(([re]) => re.test(name)) || /_period$|_limit$|_length$|_interval$|_percentage$|_threshold$|_in_mibps$/.test(name)) {
    type = "number";
    const values = NUMBER_DEFAULTS.find(([re]) => re.test(name))?.[1] ?? [5, 10, 50, 100];
    const value = random.pick(values);
    defaultHcl = random.chance(0.7) ? String(value) : "null";
    example = String(value);
    const max = value * random.pick([4, 10, 24]);
    description = `${capitalize(phrase)} for the ${noun}. Valid values are between 0 and ${max}`;
    if (random.chance(0.25)) {
      validation = {
        condition: `var.${name} == null || (var.${name} >= 0 && var.${name} <= ${max})`,
        message: `${name} must be between 0 and ${max}.`,
      };
    }
  } else if (/_(ids|arns|names|cidrs|blocks|subnets|zones|regions|principals|actions|aliases|domains)$|^(azs|aliases|subnets|layers|protocols|applications|architectures)$/.test(name)) {
    type = "list(string)";
    defaultHcl = "[]";
    const item = name.endsWith("subnet_ids") || name.endsWith("subnets") ? "subnet-0abc1234" : name.endsWith("arns") ? `arn:aws:${service.key}:eu-west-1:123456789012:${snake(noun)}` : `${service.key}-${random.int(1, 9)}`;
    example = `["${item}"]`;
    description = random.pick([`A list of ${phrase} to associate with the ${noun}`, `List of ${phrase}. Leave empty to use the account defaults`, `${capitalize(phrase)} the ${noun} is placed in`]);
  } else if (/(_rules|_statements|_policies|_groups|_configuration|_config|_settings|_options|listeners|targets|routes|endpoints|definitions|schedules|selections|indexes|subscriptions|consumers|users|clients|queries|pipes|stages|functions|resolvers|datasources)$/.test(name)) {
    const fields = random.sample(["name", "enabled", "priority", "description", "arn", "action", "values", "retention_in_days", "kms_key_arn", "tags"], random.int(2, 5));
    const body = fields
      .map((f) => {
        const t = f === "enabled" ? "optional(bool, true)" : f === "priority" || f === "retention_in_days" ? "optional(number)" : f === "values" ? "optional(list(string), [])" : f === "tags" ? "optional(map(string), {})" : "optional(string)";
        return `    ${f.padEnd(17)} = ${t}`;
      })
      .join("\n");
    const shape = random.pick(["map", "list", "any"]);
    type = shape === "any" ? "any" : `${shape}(object({\n${body}\n  }))`;
    defaultHcl = shape === "list" ? "[]" : shape === "any" ? "null" : "{}";
    example = shape === "list" ? `[{\n    name = "${snake(noun)}"\n  }]` : shape === "any" ? "{}" : `{\n    ${snake(noun)} = {\n      name = "${snake(noun)}"\n    }\n  }`;
    description = `Map of ${phrase} to create for the ${noun}. See the ${service.title} documentation for the supported attributes`;
  } else if (name.endsWith("_arn")) {
    description = `The ARN of the ${humanize(name.replace(/_arn$/, ""))} to use. If not set, the module uses the ${service.title} default`;
    example = `"arn:aws:${service.key}:eu-west-1:123456789012:${snake(noun)}/example"`;
  } else if (name.endsWith("_id")) {
    description = `The ID of the ${humanize(name.replace(/_id$/, ""))} the ${noun} belongs to`;
    example = `"${service.key}-0123456789abcdef"`;
  } else {
    if (random.chance(0.3)) defaultHcl = `"${random.pick(["standard", "default", "DISABLED", "ENABLED", "gp3", "STANDARD_IA", "auto", "private"])}"`;
    description = random.pick([`The ${phrase} of the ${noun}`, `${capitalize(phrase)} to apply to the ${noun}`, `Specifies the ${phrase} for the ${service.title} ${noun}`]);
  }
  if (random.chance(0.15)) description += `. Changing this forces a new ${noun}`;
  if (random.chance(0.08) && defaultHcl === "null") defaultHcl = null; // required
  const sensitive = /password|secret|token|auth_token|private_key/.test(name);
  return { name, type, defaultHcl, description, sensitive, validation, example };
}

// ---------------------------------------------------------------------- rendering

/** The files of `module` at release `index`, relative to the module folder. */
export function renderModuleFiles(module: CorpusModule, index: number): Record<string, string> {
  const inputs = module.inputs.slice(0, module.inputsAt[index]);
  const release = module.releases[index]!;
  const random = createRandom(mixSeed(module.seed, "render", index));
  const files: Record<string, string> = {
    "README.md": renderReadme(module, inputs, release, random),
    "variables.tf": inputs.map(renderVariable).join("\n"),
    "main.tf": renderMain(module, inputs, random),
    "outputs.tf": module.outputs.map((o) => `output "${o.name}" {\n  description = "${o.description}"\n  value       = ${o.value}\n}\n`).join("\n"),
    "versions.tf": `terraform {\n  required_version = ">= 1.5.7"\n\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= ${5 + (index % 2)}.${10 + index * 3}"\n    }\n  }\n}\n`,
    "CHANGELOG.md": renderChangelog(module, index),
  };
  for (const example of module.examples) {
    files[`examples/${example}/main.tf`] = renderExample(module, inputs, example, random);
  }
  return files;
}

function renderVariable(input: CorpusInput): string {
  const lines = [`variable "${input.name}" {`, `  description = ${JSON.stringify(input.description)}`, `  type        = ${input.type}`];
  if (input.defaultHcl !== null) lines.push(`  default     = ${input.defaultHcl}`);
  if (input.sensitive) lines.push("  sensitive   = true");
  if (input.validation) {
    lines.push("", "  validation {", `    condition     = ${input.validation.condition}`, `    error_message = ${JSON.stringify(input.validation.message)}`, "  }");
  }
  lines.push("}", "");
  return lines.join("\n");
}

function renderMain(module: CorpusModule, inputs: CorpusInput[], random: Random): string {
  const header = `# ${module.service.title} ${module.variant.replace(/-/g, " ")}: ${module.service.long}.\n\nlocals {\n  create = var.create\n  name   = var.name\n}\n`;
  const perResource = Math.max(1, Math.ceil(inputs.length / module.resources.length));
  const blocks = module.resources.map((r, i) => {
    const mine = inputs.slice(3 + i * perResource, 3 + (i + 1) * perResource);
    const attrs = mine
      .filter((input) => !/^map\(object|^list\(object|^any$/.test(input.type))
      .map((input) => `  ${input.name} = var.${input.name}`);
    const dynamic = mine
      .filter((input) => /^map\(object|^list\(object|^any$/.test(input.type))
      .slice(0, 2)
      .map((input) => `\n  dynamic "${input.name.replace(/s$/, "")}" {\n    for_each = var.${input.name} != null ? var.${input.name} : {}\n\n    content {\n      name    = try(${input.name.replace(/s$/, "")}.value.name, ${input.name.replace(/s$/, "")}.key)\n      enabled = try(${input.name.replace(/s$/, "")}.value.enabled, true)\n    }\n  }`);
    const nameLine = i === 0 ? `  name  = local.name\n` : "";
    return `resource "${r.type}" "${r.name}" {\n  count = local.create ? 1 : 0\n\n${nameLine}${attrs.join("\n")}${dynamic.join("\n")}\n\n  tags = merge(var.tags, { Module = "${module.name}" })\n}\n`;
  });
  const data = module.dataSources.map((d) => `data "${d.type}" "${d.name}" {}\n`);
  if (random.chance(0.5)) data.push(`locals {\n  account_id = data.aws_caller_identity.current.account_id\n  partition  = data.aws_partition.current.partition\n}\n`);
  return [header, ...data, ...blocks].join("\n");
}

function sourceLine(module: CorpusModule, release: string): string {
  return `git::https://github.com/${module.owner}/${module.repo}.git//modules/${module.name}?ref=${module.name}/v${release}`;
}

function renderExample(module: CorpusModule, inputs: CorpusInput[], example: string, random: Random): string {
  const chosen = random.sample(inputs.filter((i) => !["create", "name", "tags"].includes(i.name)), random.int(2, 8));
  const body = chosen.map((i) => `  ${i.name} = ${i.example}`).join("\n");
  return `provider "aws" {\n  region = "${random.pick(PROSE.regions)}"\n}\n\nmodule "${snake(module.name)}" {\n  source = "../../"\n\n  name = "${example}-${module.service.key}"\n${body}\n\n  tags = {\n    Example = "${example}"\n  }\n}\n`;
}

function renderChangelog(module: CorpusModule, index: number): string {
  const entries: string[] = [];
  for (let i = index; i >= 0; i--) {
    const added = module.inputs.slice(i === 0 ? 0 : module.inputsAt[i - 1], module.inputsAt[i]);
    const date = new Date(Date.UTC(2024, 0, 1) + (i * 37 + (module.seed % 29)) * 86_400_000).toISOString().slice(0, 10);
    const lines = added.length > 0 ? added.slice(0, 6).map((a) => `* add \`${a.name}\` (${a.description.split(".")[0]!.toLowerCase()})`) : [`* fix drift in ${module.service.title} ${module.service.nouns[i % module.service.nouns.length]} tags`];
    entries.push(`## [${module.releases[i]}](https://github.com/${module.owner}/${module.repo}/compare/${module.name}/v${module.releases[Math.max(0, i - 1)]}...${module.name}/v${module.releases[i]}) (${date})\n\n### ${added.length > 0 ? "Features" : "Bug Fixes"}\n\n${lines.join("\n")}\n`);
  }
  return `# Changelog\n\nAll notable changes to ${module.name} are documented in this file.\n\n${entries.join("\n")}`;
}

const SENTENCES: Array<(c: SentenceContext) => string> = [
  (c) => `The module ${c.verb} ${c.a(c.adj)} ${c.noun} ${c.purpose}.`,
  (c) => `Set \`${c.input}\` to control the ${c.noun2}; the default follows the ${c.title} recommendation for ${c.env} accounts.`,
  (c) => `${c.cap(c.noun)} settings are passed through unchanged, so anything the ${c.title} API accepts works here as well.`,
  (c) => `When \`${c.input}\` is set, the module skips creating its own ${c.noun2} and ${c.verb} the one you pass in.`,
  (c) => `Pair it with the ${c.related} module when the ${c.noun} must reach ${c.relatedNoun} in another account.`,
  (c) => `In ${c.region} the ${c.noun} is created in every availability zone listed in \`${c.input2}\`.`,
  (c) => `Most teams keep the defaults and only set \`${c.input}\` and \`${c.input2}\`; the rest is there for edge cases.`,
  (c) => `The ${c.noun2} is tagged with the owning team, cost centre ${c.num} and the environment, as the tag policy requires.`,
  (c) => `Outputs expose the ARN and ID of the ${c.noun}, which the ${c.related} modules take as inputs.`,
  (c) => `Plan output stays quiet after the first apply: the module sets \`ignore_changes\` only where ${c.title} rewrites values itself.`,
  (c) => `Upgrading from ${c.major}.x moves \`${c.input}\` into \`${c.input2}\`; run \`terraform state mv\` for existing ${c.noun} resources.`,
  (c) => `Replacement of the ${c.noun} is avoided where possible, because ${c.title} cannot change it in place without downtime.`,
  (c) => `For audits, every ${c.noun2} change is visible in CloudTrail and in the pull request that made it.`,
  (c) => `The ${c.env} example uses ${c.num} as the limit; production workloads usually raise it after a load test.`,
  (c) => `A ${c.noun} without \`${c.input}\` inherits the account default, which the platform team sets per organisational unit.`,
  (c) => `Costs scale with the number of ${c.noun2} resources and the data they process, not with the number of environments.`,
  (c) => `${c.cap(c.relatedTitle)} integration is optional; leave \`${c.input2}\` empty to skip it.`,
  (c) => `The ${c.title} service quota for ${c.noun} resources is ${c.num} per Region by default.`,
  (c) => `The ${c.noun} is ${c.adj} by default, ${c.detail}.`,
  (c) => `\`${c.input}\` defaults to the safer choice, ${c.detail}.`,
  (c) => `The ${c.product} service uses this module in ${c.env}, ${c.detail}.`,
  (c) => `Teams running ${c.product} and ${c.product2} asked for \`${c.input2}\`, ${c.detail}.`,
  (c) => `See ADR-${c.num % 997} for why the ${c.noun2} is ${c.adj}, ${c.detail}.`,
  (c) => `Since ${c.major}.${c.num % 13}.0 the ${c.noun} ${c.verb} its ${c.noun2} on its own, ${c.detail}.`,
];

interface SentenceContext {
  verb: string;
  adj: string;
  noun: string;
  noun2: string;
  input: string;
  input2: string;
  title: string;
  env: string;
  region: string;
  related: string;
  relatedTitle: string;
  relatedNoun: string;
  purpose: string;
  detail: string;
  product: string;
  product2: string;
  num: number;
  major: number;
  a(word: string): string;
  cap(s: string): string;
}

function sentenceContext(module: CorpusModule, inputs: CorpusInput[], random: Random): SentenceContext {
  const relatedKey = random.pick(module.service.related);
  const related = AWS_SERVICES.find((s) => s.key === relatedKey);
  return {
    verb: random.pick(PROSE.verbs),
    adj: random.pick(PROSE.adjectives),
    noun: random.pick(module.service.nouns),
    noun2: random.pick(module.service.nouns),
    input: random.pick(inputs).name,
    input2: random.pick(inputs).name,
    title: module.service.title,
    env: random.pick(PROSE.environments),
    region: random.pick(PROSE.regions),
    related: related?.title ?? relatedKey,
    relatedTitle: related?.long ?? relatedKey,
    relatedNoun: related ? random.pick(related.nouns) : relatedKey,
    purpose: random.pick(PROSE.purposes),
    detail: random.pick(DETAILS),
    product: random.pick(PRODUCTS),
    product2: random.pick(PRODUCTS),
    num: random.pick([5, 10, 20, 50, 100, 200, 500, 1000, 5000]) * random.int(1, 4),
    major: random.int(1, 4),
    a: (w) => (/^[aeiouAEIOU]/.test(w) ? `an ${w}` : `a ${w}`),
    cap: capitalize,
  };
}

function paragraph(module: CorpusModule, inputs: CorpusInput[], random: Random, sentences: number): string {
  return Array.from({ length: sentences }, () => random.pick(SENTENCES)(sentenceContext(module, inputs, random))).join(" ");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n\s*/g, " ");
}

function renderReadme(module: CorpusModule, inputs: CorpusInput[], release: string, random: Random): string {
  const { service } = module;
  const title = `${service.title} ${module.variant.replace(/-/g, " ")}`;
  const featureNouns = random.sample(service.nouns, random.int(3, Math.min(8, service.nouns.length)));
  const usageInputs = random.sample(inputs.filter((i) => !["create", "name", "tags"].includes(i.name)), Math.min(inputs.length - 3, random.int(3, 9)));
  const ctx = sentenceContext(module, inputs, random);
  // Small modules have small READMEs: no feature list, examples or provider tables.
  const small = module.readmeTarget < 3_200;
  const head = [
    `# ${title} module`,
    "",
    `Terraform module which ${ctx.verb} ${service.long} (${service.title}) ${featureNouns[0]} resources on AWS, ${ctx.purpose}. It wraps ${module.resources.length} resource types behind ${inputs.length} inputs.`,
    "",
    ...(small
      ? []
      : [
          `These ${service.title} features are supported:`,
          "",
          ...featureNouns.map((n) => `- ${capitalize(n)}${random.chance(0.5) ? ` with ${random.pick(PROSE.adjectives)} defaults` : ""}`),
          "",
        ]),
    "## Usage",
    "",
    "```hcl",
    `module "${snake(module.name)}" {`,
    `  source = "${sourceLine(module, release)}"`,
    "",
    `  name = "${random.pick(PROSE.environments)}-${service.key}"`,
    ...usageInputs.map((i) => `  ${i.name} = ${i.example}`),
    "",
    "  tags = {",
    `    Team        = "${random.pick(TEAMS)}"`,
    `    Environment = "${random.pick(PROSE.environments)}"`,
    "  }",
    "}",
    "```",
    "",
  ];
  if (!small && random.chance(0.5)) {
    head.push(
      "## Conditional creation",
      "",
      `Terraform does not allow \`count\` inside a \`module\` block, so set \`create = false\` to skip every resource of this module.`,
      "",
      "```hcl",
      `module "${snake(module.name)}" {`,
      `  source = "${sourceLine(module, release)}"`,
      "",
      "  create = false",
      "}",
      "```",
      "",
    );
  }
  if (!small) head.push("## Examples", "", ...module.examples.map((e) => `- [${capitalize(e.replace(/-/g, " "))}](./examples/${e}) - ${capitalize(e.replace(/-/g, " "))} ${service.title} setup ${random.pick(PROSE.purposes)}`), "");

  const providerTables = [
    "## Requirements",
    "",
    "| Name | Version |",
    "|------|---------|",
    '| <a name="requirement_terraform"></a> [terraform](#requirement\\_terraform) | >= 1.5.7 |',
    '| <a name="requirement_aws"></a> [aws](#requirement\\_aws) | >= 5.10 |',
    "",
    "## Providers",
    "",
    "| Name | Version |",
    "|------|---------|",
    '| <a name="provider_aws"></a> [aws](#provider\\_aws) | >= 5.10 |',
    "",
    "## Resources",
    "",
    "| Name | Type |",
    "|------|------|",
    ...module.resources.map((r) => `| [${r.type}.${r.name}](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${r.type.replace(/^aws_/, "")}) | resource |`),
    ...module.dataSources.map((d) => `| [${d.type}.${d.name}](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/${d.type.replace(/^aws_/, "")}) | data source |`),
    "",
  ];
  const docs = [
    "<!-- BEGIN_TF_DOCS -->",
    ...(small ? [] : providerTables),
    "## Inputs",
    "",
    "| Name | Description | Type | Default | Required |",
    "|------|-------------|------|---------|:--------:|",
    ...inputs.map((i) => {
      const escaped = i.name.replace(/_/g, "\\_");
      return `| <a name="input_${i.name}"></a> [${escaped}](#input\\_${escaped}) | ${escapeCell(i.description)} | \`${escapeCell(i.type)}\` | ${i.defaultHcl === null ? "n/a" : `\`${escapeCell(i.defaultHcl)}\``} | ${i.defaultHcl === null ? "yes" : "no"} |`;
    }),
    "",
    "## Outputs",
    "",
    "| Name | Description |",
    "|------|-------------|",
    ...module.outputs.map((o) => `| <a name="output_${o.name}"></a> [${o.name.replace(/_/g, "\\_")}](#output\\_${o.name.replace(/_/g, "\\_")}) | ${o.description} |`),
    "<!-- END_TF_DOCS -->",
    "",
    "## License",
    "",
    "Apache 2 Licensed. See [LICENSE](../../LICENSE) for full details.",
    "",
  ];

  // Prose sections fill the README up to its target size (the tables grow with the inputs).
  const notes: string[] = [];
  let size = Buffer.byteLength(head.join("\n")) + Buffer.byteLength(docs.join("\n"));
  const sections = random.sample(PROSE.sections, PROSE.sections.length);
  for (let s = 0; size < module.readmeTarget && s < 40; s++) {
    const text = `## ${sections[s % sections.length]}${s >= sections.length ? ` (${Math.floor(s / sections.length) + 1})` : ""}\n\n${paragraph(module, inputs, random, random.int(3, 6))}\n\n${random.chance(0.5) ? `> ${random.pick(PROSE.cautions).replace("{input}", `\`${random.pick(inputs).name}\``).replace("{noun}", random.pick(service.nouns)).replace("{title}", service.title)}\n\n` : ""}${paragraph(module, inputs, random, random.int(2, 5))}\n`;
    notes.push(text);
    size += Buffer.byteLength(text) + 1;
  }
  return [...head, ...notes, ...docs].join("\n");
}

/** Distinct words as PostgreSQL's `simple` parser would roughly see them (for the report). */
export function countVocabulary(texts: Iterable<string>): number {
  const words = new Set<string>();
  for (const text of texts) for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) words.add(w);
  return words.size;
}
