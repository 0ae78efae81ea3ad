import { checkHclExpression } from "@/lib/hcl/check-hcl-expression";
import { buildSensitiveReference } from "@/lib/scaffold/core/build-form-model";
import { evaluateCondition } from "@/lib/scaffold/core/evaluate-condition";
import type { FormChecks } from "./form-draft";

/*
 * The scaffold form's parser-based checks: the HCL expression parser (references and sensitive
 * inputs) and the validation-condition evaluator. The browser never imports this module
 * statically; load-form-checks.ts loads it with import() when the form is first used, so its
 * ~9 KB (gzip) are not in the page's first load. Tests and server code may import it directly.
 * In the browser a regex condition has no engine and is left to the server's check at Preview.
 */
export const formChecks: FormChecks = {
  checkExpression: (text) => checkHclExpression(text),
  buildSensitiveReference,
  evaluateCondition: (condition, vars) => evaluateCondition(condition, vars),
};
