/** One `validation { condition, error_message }` block of a module variable. */
export interface ScaffoldValidation {
  condition: string;
  errorMessage: string;
}

/**
 * A module variable as the scaffold needs it. Structurally the same as the catalogue's
 * `ModuleInput`, so catalogue docs can be passed in without mapping.
 */
export interface ScaffoldVariable {
  name: string;
  /** Terraform type constraint source text, e.g. `list(object({ cidr = string }))`, or `any`. */
  type: string;
  description: string | null;
  /** The default as a JSON value (literal strings unescaped), or null when there is none. */
  defaultJson: unknown;
  /** The default's HCL source text, when the variable has one. */
  defaultText: string | null;
  required: boolean;
  sensitive: boolean;
  nullable: boolean;
  validations: ScaffoldValidation[];
}
