/*
 * lib/hcl: the one library for HCL, shared by the catalogue, the scaffold and the domains to come.
 * Import it as `@/lib/hcl`.
 *
 * Importing it costs nothing at start-up: hcl2json, hcl-tools and tree-sitter are loaded on the
 * first parse, format or edit. Even so, browser code (client components and what they import)
 * imports the small pure modules it needs directly (input-value, parse-type-expression,
 * parse-hcl-literal, tokenize-hcl-expression) and never this file, so no client bundle carries the
 * rest; `browser-imports.test.ts` checks both rules.
 */

// Reading HCL: hcl2json, the one decoder of its template encoding, block positions.
export { parseHcl, parseHclFile, type HclBody, type HclFileError, type ParseHclResult } from "./parse-hcl";
export { decodeHclString, displayTemplate, isHclTemplate, unescapeHclTemplate, type DecodedHclString } from "./decode-hcl-template";
export { normalizeHclValue, type NormalizedHclValue } from "./format-hcl-value";
export { convertHclJsonValue } from "./convert-hcl-json";
export { readHeaderComment, readLeadingComments, scanHclBlocks, type HclBlockHeader } from "./scan-hcl-blocks";
export { readUnit, type UnitContents } from "./read-unit";

// Expressions: Terraform type constraints and literal values.
export { formatTfType, parseTypeExpression, type TfObjectAttribute, type TfType } from "./parse-type-expression";
export { formatTypeExpression, normalizeTypeExpression } from "./format-type-expression";
export { parseHclLiteral, type JsonValue } from "./parse-hcl-literal";
export { containsExpr, isDeepEqual, isExprValue, makeExpr, type ExprValue, type InputValue } from "./input-value";

// Raw expressions: the allowlist every expression written into a file must pass.
export {
  ANY_FILE_EXPRESSION_POLICY,
  checkHclExpression,
  TERRAFORM_MODULE_EXPRESSION_POLICY,
  TERRAGRUNT_UNIT_EXPRESSION_POLICY,
  type HclExpressionCheck,
  type HclExpressionPolicy,
  type HclExpressionRoot,
  type HclExpressionType,
} from "./check-hcl-expression";

// Writing HCL: the emitter, the formatter, rendered units checked by reading them back.
export { emitAttribute, emitBlock, emitHclQuotedString, emitHclValue, formatHcl, isHclIdentifier, type EmitBlockOptions } from "./emit-hcl";
export {
  renderTerraformModuleBlock,
  renderTerragruntUnit,
  type RenderTerraformModuleBlockOptions,
  type RenderTerragruntUnitOptions,
  type TerragruntDependency,
} from "./render-unit";

// Git module sources and in-place `?ref=` edits.
export { buildGitSource, parseGitSource, type GitSource, type ParsedGitSource } from "./build-git-source";
export { bumpSourceRef, type BumpSourceRefOptions, type BumpSourceRefResult } from "./bump-source-ref";
export { assertRoundtrip, checkRoundtrip, type RoundtripExpectation, type RoundtripResult } from "./check-roundtrip";

// Positions of block attributes, and in-place edits of a module's registry `version`.
export { findBlockAttributes, type FindBlockAttributesResult, type HclAttributeLocation, type HclBlockLocation } from "./find-block-attributes";
export { bumpModuleVersion, type BumpModuleVersionOptions, type BumpModuleVersionResult } from "./bump-module-version";

// In-place additions to a unit's inputs (new required inputs of an upgrade).
export { addUnitInputs, type AddUnitInputsOptions, type AddUnitInputsResult } from "./add-unit-inputs";
