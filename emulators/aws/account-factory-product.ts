import { stableId } from "./aws-ids.js";

/** The Service Catalog product Control Tower creates; the portal finds it by this exact name. */
export const ACCOUNT_FACTORY_PRODUCT_NAME = "AWS Control Tower Account Factory";

export interface ProvisioningArtifactDefinition {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  active: boolean;
  guidance: "DEFAULT" | "DEPRECATED";
}

export interface LaunchPathDefinition {
  id: string;
  name: string;
}

export interface ProductDefinition {
  id: string;
  viewId: string;
  name: string;
  owner: string;
  shortDescription: string;
  /** Oldest first. Control Tower adds a version on each landing zone update and deactivates the old one. */
  artifacts: ProvisioningArtifactDefinition[];
  launchPaths: LaunchPathDefinition[];
}

export const accountFactoryProduct: ProductDefinition = {
  id: stableId("prod", "account-factory"),
  viewId: stableId("prodview", "account-factory"),
  name: ACCOUNT_FACTORY_PRODUCT_NAME,
  owner: "AWS Control Tower",
  shortDescription: "AWS Control Tower Account Factory",
  artifacts: [
    {
      id: stableId("pa", "account-factory-3.2"),
      name: "AWS Control Tower Account Factory 3.2",
      description: "AWS Control Tower Account Factory Template (DO NOT DELETE)",
      createdAt: Date.UTC(2024, 2, 11, 9, 30),
      active: false,
      guidance: "DEPRECATED",
    },
    {
      id: stableId("pa", "account-factory-3.3"),
      name: "AWS Control Tower Account Factory 3.3",
      description: "AWS Control Tower Account Factory Template (DO NOT DELETE)",
      createdAt: Date.UTC(2025, 5, 2, 14, 5),
      active: true,
      guidance: "DEFAULT",
    },
  ],
  launchPaths: [{ id: stableId("lpv3", "account-factory-portfolio"), name: "AWS Control Tower Account Factory Portfolio" }],
};

export interface TemplateParameter {
  key: keyof AccountFactoryParameterValues;
  description: string;
  allowedPattern: string;
}

type AccountFactoryParameterValues = {
  AccountName: string;
  AccountEmail: string;
  SSOUserFirstName: string;
  SSOUserLastName: string;
  SSOUserEmail: string;
  ManagedOrganizationalUnit: string;
};

const EMAIL_PATTERN = "[^\\s@]+@[^\\s@]+\\.[^\\s@]+";

/** The parameters of the Account Factory template, in the template's order and with its constraints. */
export const accountFactoryParameters: TemplateParameter[] = [
  { key: "AccountName", description: "Account name, the new managed Account will be created with this name.", allowedPattern: ".+" },
  { key: "AccountEmail", description: "Account email, must be unique for each AWS Account.", allowedPattern: EMAIL_PATTERN },
  { key: "SSOUserFirstName", description: "SSO user first name.", allowedPattern: ".+" },
  { key: "SSOUserLastName", description: "SSO user last name.", allowedPattern: ".+" },
  {
    key: "SSOUserEmail",
    description: "SSO user email. A new SSO user will be created for this email, if it does not exist. This SSO user will be associated with the new managed Account.",
    allowedPattern: EMAIL_PATTERN,
  },
  {
    key: "ManagedOrganizationalUnit",
    description:
      "Your account will be added to this registered organizational unit. The list includes top-level and nested OUs registered with AWS Control Tower. You can search for an OU by name or ID. To manage these OUs, go to AWS Control Tower.",
    allowedPattern: ".+",
  },
];

/** The IAM Identity Center portal every vended account's SSO user signs in to. */
export const SSO_USER_PORTAL = "https://d-9067c4e1a2.awsapps.com/start";
