import { describe, expect, it } from "vitest";
import { resolveSourceTemplate, splitHclTemplate, type TemplateScope } from "./resolve-source-template";

describe("splitHclTemplate", () => {
  it("splits literals and expressions, unescaping $${ and %%{ and keeping nested strings and braces", () => {
    expect(splitHclTemplate('a$${b}%%{c}${ dirname(find_in_parent_folders("x}.hcl")) }/d${ {a = 1}["a"] }')).toEqual([
      { kind: "literal", text: "a${b}%{c}" },
      { kind: "expression", text: 'dirname(find_in_parent_folders("x}.hcl"))' },
      { kind: "literal", text: "/d" },
      { kind: "expression", text: '{a = 1}["a"]' },
    ]);
    expect(splitHclTemplate("%{ if x }y%{ endif }")).toEqual([
      { kind: "expression", text: "%{if x}" },
      { kind: "literal", text: "y" },
      { kind: "expression", text: "%{endif}" },
    ]);
    expect(splitHclTemplate("broken ${local.x")).toEqual([{ kind: "literal", text: "broken ${local.x" }]);
  });
});

describe("resolveSourceTemplate", () => {
  const envcommon: TemplateScope = { locals: { base: "git::https://github.com/o/r.git//${local.folder}", folder: "modules/vpc" }, includes: {} };
  const scope: TemplateScope = {
    locals: { ref: "vpc/v1.0.0", source: "${include.envcommon.locals.base}?ref=${local.ref}", count: 3 },
    includes: { envcommon, missing: null },
  };

  it("substitutes string locals, including locals of an included config in that config's own scope", () => {
    expect(resolveSourceTemplate("${local.source}", scope)).toEqual({ resolved: true, text: "git::https://github.com/o/r.git//modules/vpc?ref=vpc/v1.0.0" });
  });

  it("leaves other expressions unresolved, naming them, with the literal text after the last one", () => {
    expect(resolveSourceTemplate("${local.count}//x?ref=${local.ref}&depth=1", scope)).toEqual({ resolved: false, expressions: ["local.count"], literalTail: "//x?ref=vpc/v1.0.0&depth=1" });
    expect(resolveSourceTemplate("${include.missing.locals.base}?ref=v1", scope)).toMatchObject({ resolved: false, literalTail: "?ref=v1" });
    expect(resolveSourceTemplate('${get_env("SRC")}?ref=v1', scope)).toMatchObject({ resolved: false, expressions: ['get_env("SRC")'] });
    expect(resolveSourceTemplate("${local.constructor}", scope)).toMatchObject({ resolved: false });
  });
});
