import type { ModuleDefinition } from "../module-definition";
import { albModule } from "./alb";
import { cloudwatchAlarmsModule } from "./cloudwatch-alarms";
import { dynamodbTableModule } from "./dynamodb-table";
import { ecsServiceModule } from "./ecs-service";
import { eksClusterModule } from "./eks-cluster";
import { iamRoleModule } from "./iam-role";
import { kmsKeyModule } from "./kms-key";
import { lambdaFunctionModule } from "./lambda-function";
import { rdsPostgresModule } from "./rds-postgres";
import { s3BucketModule } from "./s3-bucket";
import { snsTopicModule } from "./sns-topic";
import { sqsQueueModule } from "./sqs-queue";
import { vpcModule } from "./vpc";
import { wafAclModule } from "./waf-acl";

/** Modules of the `iac-modules` monorepo, each under `modules/<name>/`. */
export const monorepoModules: ModuleDefinition[] = [
  vpcModule,
  s3BucketModule,
  kmsKeyModule,
  iamRoleModule,
  rdsPostgresModule,
  ecsServiceModule,
  albModule,
  lambdaFunctionModule,
  dynamodbTableModule,
  sqsQueueModule,
  snsTopicModule,
  cloudwatchAlarmsModule,
];

export interface SingleModuleRepo {
  repo: string;
  module: ModuleDefinition;
  /** `"v"` for tags like v1.2.0, `""` for 1.2.0. */
  tagPrefix: string;
  /** Where the repo keeps CODEOWNERS, and the team (slug in the org) that owns the module. */
  codeOwners: { path: ".github/CODEOWNERS" | "CODEOWNERS" | "docs/CODEOWNERS"; team: string };
}

/** Repos that hold one module at their root. */
export const singleModuleRepos: SingleModuleRepo[] = [
  { repo: "terraform-aws-eks-cluster", module: eksClusterModule, tagPrefix: "v", codeOwners: { path: "CODEOWNERS", team: "platform" } },
  { repo: "terraform-aws-waf-acl", module: wafAclModule, tagPrefix: "", codeOwners: { path: "docs/CODEOWNERS", team: "security" } },
];

/** The module-owning teams CODEOWNERS names in the module repos, with what they look after. */
export const moduleOwnerTeams = [
  { slug: "platform", description: "The platform team: owns every module no other team owns." },
  { slug: "networking", description: "VPCs, load balancers and everything between them." },
  { slug: "security", description: "Keys, roles and firewalls." },
  { slug: "data", description: "Databases and tables." },
] as const;
