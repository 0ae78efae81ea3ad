import { describe, expect, it } from "vitest";
import { formatTypeForDisplay } from "./format-type";

describe("formatTypeForDisplay", () => {
  it("leaves short types alone", () => {
    expect(formatTypeForDisplay("list(string)")).toBe("list(string)");
    expect(formatTypeForDisplay("object({ a = string })")).toBe("object({ a = string })");
  });

  it("breaks long one-line object types per attribute", () => {
    expect(formatTypeForDisplay('map(object({ cidr_block = string, az = string, tags = optional(map(string), {}), name = optional(string, "a, b") }))')).toBe(
      ["map(object({", "  cidr_block = string", "  az = string", "  tags = optional(map(string), {})", '  name = optional(string, "a, b")', "}))"].join("\n"),
    );
  });

  it("dedents types written over several lines", () => {
    const written = "map(object({\n    cidr_block = string\n    az         = string\n  }))";
    expect(formatTypeForDisplay(written)).toBe("map(object({\n  cidr_block = string\n  az         = string\n}))");
  });
});
