import {
  AccountNotFoundException,
  ConcurrentModificationException,
  DescribeAccountCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  TagResourceCommand,
  TooManyRequestsException,
  UntagResourceCommand,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { createOrganizationsDirectory } from "./organizations-directory";

const org = mockClient(OrganizationsClient);
afterEach(() => org.reset());
const directory = (concurrency = 4) => createOrganizationsDirectory({ client: new OrganizationsClient({ region: "us-east-1" }), concurrency });

describe("listOrganizationalUnits", () => {
  it("walks every root recursively, with paths and all pages", async () => {
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-ab12", Name: "Root" }] });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "r-ab12" })
      .resolvesOnce({ OrganizationalUnits: [{ Id: "ou-ab12-00000001", Name: "Security" }], NextToken: "n" })
      .resolvesOnce({ OrganizationalUnits: [{ Id: "ou-ab12-00000002", Name: "Workloads" }] });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-00000002" }).resolves({
      OrganizationalUnits: [
        { Id: "ou-ab12-00000003", Name: "NonProd" },
        { Id: "ou-ab12-00000004", Name: "Prod" },
      ],
    });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-00000001" }).resolves({ OrganizationalUnits: [] });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-00000003" }).resolves({ OrganizationalUnits: [] });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-00000004" }).resolves({ OrganizationalUnits: [] });

    await expect(directory().listOrganizationalUnits()).resolves.toEqual([
      { id: "ou-ab12-00000001", name: "Security", parentId: "r-ab12", path: ["Security"] },
      { id: "ou-ab12-00000002", name: "Workloads", parentId: "r-ab12", path: ["Workloads"] },
      { id: "ou-ab12-00000003", name: "NonProd", parentId: "ou-ab12-00000002", path: ["Workloads", "NonProd"] },
      { id: "ou-ab12-00000004", name: "Prod", parentId: "ou-ab12-00000002", path: ["Workloads", "Prod"] },
    ]);
  });
});

describe("listAccounts", () => {
  it("reads every account with its parent and tags, State preferred over the retiring Status", async () => {
    const joined = new Date("2025-03-01T00:00:00Z");
    org.on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: "111111111111", Name: "payments-dev", Email: "a@corp.example", Arn: "arn:1", State: "ACTIVE", JoinedTimestamp: joined }], NextToken: "n" })
      .resolvesOnce({ Accounts: [{ Id: "222222222222", Name: "old", Email: "b@corp.example", Arn: "arn:2", Status: "SUSPENDED" }] });
    org.on(ListParentsCommand, { ChildId: "111111111111" }).resolves({ Parents: [{ Id: "ou-ab12-00000003", Type: "ORGANIZATIONAL_UNIT" }] });
    org.on(ListParentsCommand, { ChildId: "222222222222" }).resolves({ Parents: [{ Id: "r-ab12", Type: "ROOT" }] });
    org.on(ListTagsForResourceCommand, { ResourceId: "111111111111" })
      .resolvesOnce({ Tags: [{ Key: "Workload", Value: "payments" }], NextToken: "t" })
      .resolvesOnce({ Tags: [{ Key: "Environment", Value: "dev" }] });
    org.on(ListTagsForResourceCommand, { ResourceId: "222222222222" }).resolves({ Tags: [] });

    await expect(directory().listAccounts()).resolves.toEqual([
      { id: "111111111111", name: "payments-dev", email: "a@corp.example", arn: "arn:1", state: "ACTIVE", joinedAt: joined, parent: { id: "ou-ab12-00000003", type: "ORGANIZATIONAL_UNIT" }, tags: { Workload: "payments", Environment: "dev" } },
      { id: "222222222222", name: "old", email: "b@corp.example", arn: "arn:2", state: "SUSPENDED", joinedAt: null, parent: { id: "r-ab12", type: "ROOT" }, tags: {} },
    ]);
  });

  it("never reads more than `concurrency` accounts at a time", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(100000000000 + i));
    org.on(ListAccountsCommand).resolves({ Accounts: ids.map((Id) => ({ Id, Name: Id, Email: `${Id}@corp.example`, State: "ACTIVE" })) });
    let active = 0;
    let peak = 0;
    const slow = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active--;
      return { Tags: [], Parents: [] };
    };
    org.on(ListParentsCommand).callsFake(slow);
    org.on(ListTagsForResourceCommand).callsFake(slow);
    const accounts = await directory(3).listAccounts();
    expect(accounts.map((a) => a.id)).toEqual(ids);
    expect(peak).toBe(3);
  });

  it("fails the import on a throttling error the SDK could not absorb, as retry-later", async () => {
    org.on(ListAccountsCommand).rejects(new TooManyRequestsException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } }));
    await expect(directory().listAccounts()).rejects.toMatchObject({ retryable: true, reason: "throttling" });
  });
});

describe("tags", () => {
  it("tags, untags and reads tags back", async () => {
    org.on(TagResourceCommand).resolves({});
    org.on(UntagResourceCommand).resolves({});
    org.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: "CostCode", Value: "CC-1234" }] });
    const d = directory();
    await d.tagAccount("111111111111", { CostCode: "CC-1234", Owner: "bob@corp.example" });
    await d.untagAccount("111111111111", ["Old"]);
    await expect(d.listTags("111111111111")).resolves.toEqual({ CostCode: "CC-1234" });
    expect(org.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
      ResourceId: "111111111111",
      Tags: [
        { Key: "CostCode", Value: "CC-1234" },
        { Key: "Owner", Value: "bob@corp.example" },
      ],
    });
    expect(org.commandCalls(UntagResourceCommand)[0]!.args[0].input).toEqual({ ResourceId: "111111111111", TagKeys: ["Old"] });
  });

  it("skips empty tag and untag calls", async () => {
    await directory().tagAccount("111111111111", {});
    await directory().untagAccount("111111111111", []);
    expect(org.calls()).toHaveLength(0);
  });

  it("treats ConcurrentModificationException as retry-later", async () => {
    org.on(TagResourceCommand).rejects(new ConcurrentModificationException({ message: "busy", $metadata: { httpStatusCode: 409 } }));
    await expect(directory().tagAccount("111111111111", { A: "b" })).rejects.toMatchObject({ retryable: true, reason: "concurrent_modification" });
  });
});

describe("describeAccount", () => {
  it("returns null for an account Organizations does not know", async () => {
    org.on(DescribeAccountCommand).rejects(new AccountNotFoundException({ message: "no such account", $metadata: { httpStatusCode: 404 } }));
    await expect(directory().describeAccount("999999999999")).resolves.toBeNull();
  });
});
