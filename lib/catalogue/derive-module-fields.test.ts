import { describe, expect, it } from "vitest";
import { guessModuleCategory, pickLatestVersion, readFirstParagraph, stripInlineMarkdown } from "./derive-module-fields";
import type { ModuleVersionRow } from "./ports";

const row = (version: string, status: ModuleVersionRow["status"] = "active"): ModuleVersionRow => {
  const [core = "", prerelease = null] = version.split("-");
  const [major = 0, minor = 0, patch = 0] = core.split(".").map(Number);
  return { version, status, prerelease, major, minor, patch };
};

describe("module summary helpers", () => {
  it("takes the README's first prose paragraph, skipping headings, badges and fences", () => {
    const readme = "# vpc\n\n[![ci](x.svg)](y)\n\n```hcl\nmodule {}\n```\n\nCreates a **VPC** with [subnets](docs/subnets.md)\nacross three zones.\n\nMore text.";
    expect(readFirstParagraph(readme)).toBe("Creates a VPC with subnets across three zones.");
    expect(readFirstParagraph(null)).toBe("");
  });

  it("keeps identifiers whole: `_` and `*` inside words are not emphasis", () => {
    const readme =
      "# iam-role\n\nSets permissions_boundary_arn, allowed_sns_topic_arns and kms_key_arn; reads `package.s3_key` and package.s3_key. 2*3*4 stays.";
    expect(readFirstParagraph(readme)).toBe(
      "Sets permissions_boundary_arn, allowed_sns_topic_arns and kms_key_arn; reads package.s3_key and package.s3_key. 2*3*4 stays.",
    );
  });

  it("drops emphasis at word boundaries, code-span backticks and escapes", () => {
    expect(stripInlineMarkdown("an *important* and _really_ big **bold** or __strong__ module.")).toBe("an important and really big bold or strong module.");
    expect(stripInlineMarkdown("(*note*) and _`kms_key_arn`_")).toBe("(note) and kms_key_arn");
    expect(stripInlineMarkdown("code `a_*b*_c` stays; \\_escaped\\_ too")).toBe("code a_*b*_c stays; _escaped_ too");
    expect(stripInlineMarkdown("a lone * star and snake_case_name")).toBe("a lone * star and snake_case_name");
    expect(stripInlineMarkdown("***both*** here")).toBe("both here");
  });

  it("skips HTML blocks, including the text inside <script> and <div> blocks", () => {
    const readme = [
      "# lambda-function",
      "<script>",
      "// page-view tracking",
      "window.track('x');",
      "</script>",
      '<div align="center">',
      "A banner, not a description",
      "",
      "Deploys a Lambda function from an S3 artifact.",
    ].join("\n");
    expect(readFirstParagraph(readme)).toBe("Deploys a Lambda function from an S3 artifact.");
    expect(readFirstParagraph("<img src=x onerror=alert(1)>\n\nReal text.")).toBe("Real text.");
  });

  it("picks the highest active release as latest, ignoring prereleases, deprecated and withdrawn versions", () => {
    expect(pickLatestVersion([row("1.2.0"), row("1.10.0"), row("2.0.0-rc.1"), row("1.11.0", "withdrawn"), row("1.12.0", "deprecated")])).toBe("1.10.0");
    expect(pickLatestVersion([row("1.0.0-rc.1")])).toBeNull();
  });

  it("guesses categories from module names", () => {
    expect(guessModuleCategory("vpc")).toBe("networking");
    expect(guessModuleCategory("rds-postgres")).toBe("database");
    expect(guessModuleCategory("sqs-queue")).toBe("messaging");
    expect(guessModuleCategory("cloudwatch-alarms")).toBe("observability");
    expect(guessModuleCategory("kms-key")).toBe("security");
    expect(guessModuleCategory("eks-cluster")).toBe("compute");
    expect(guessModuleCategory("s3-bucket")).toBe("storage");
    expect(guessModuleCategory("widget")).toBeNull();
  });
});
