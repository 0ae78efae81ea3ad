import { readHclLiteral, type JsonValue } from "./parse-hcl-literal";
import { HclSyntaxError, HclTokenStream } from "./tokenize-hcl-expression";

export interface TfObjectAttribute {
  name: string;
  type: TfType;
  optional: boolean;
  /** The `optional(T, default)` default, when given and literal. */
  hasDefault: boolean;
  default: JsonValue;
}

/** A Terraform type constraint. Plain JSON, so it can be sent to the browser. */
export type TfType =
  | { kind: "string" }
  | { kind: "number" }
  | { kind: "bool" }
  | { kind: "any" }
  | { kind: "list"; element: TfType }
  | { kind: "set"; element: TfType }
  | { kind: "map"; element: TfType }
  | { kind: "tuple"; elements: TfType[] }
  | { kind: "object"; attributes: TfObjectAttribute[] }
  | { kind: "unsupported"; text: string };

/**
 * Parses a Terraform type constraint expression (`list(object({ a = optional(string, "x") }))`).
 * Whitespace, newlines, comments and trailing commas are tolerated. Anything not understood
 * (including a non-literal optional default) gives `{ kind: "unsupported", text }` for the
 * whole expression, so the form falls back to a raw field rather than guessing.
 */
export function parseTypeExpression(text: string): TfType {
  if (text.trim() === "") return { kind: "any" };
  try {
    const stream = HclTokenStream.of(text);
    const type = readType(stream, false);
    stream.expectEnd();
    return type;
  } catch (error) {
    if (error instanceof HclSyntaxError) return { kind: "unsupported", text: text.trim() };
    throw error;
  }
}

/** Renders a type back to canonical Terraform text (for labels and messages). */
export function formatTfType(type: TfType): string {
  switch (type.kind) {
    case "string":
    case "number":
    case "bool":
    case "any":
      return type.kind;
    case "list":
    case "set":
    case "map":
      return `${type.kind}(${formatTfType(type.element)})`;
    case "tuple":
      return `tuple([${type.elements.map(formatTfType).join(", ")}])`;
    case "object":
      return `object({ ${type.attributes
        .map((a) => {
          const inner = formatTfType(a.type);
          if (!a.optional) return `${a.name} = ${inner}`;
          return a.hasDefault ? `${a.name} = optional(${inner}, ${JSON.stringify(a.default)})` : `${a.name} = optional(${inner})`;
        })
        .join(", ")} })`;
    case "unsupported":
      return type.text;
  }
}

function readType(stream: HclTokenStream, allowOptional: false): TfType;
function readType(stream: HclTokenStream, allowOptional: true): TfType | { optional: TfObjectAttribute };
function readType(stream: HclTokenStream, allowOptional: boolean): TfType | { optional: TfObjectAttribute } {
  const token = stream.next();
  if (token.kind !== "ident") throw new HclSyntaxError("expected a type", token.pos);
  switch (token.text) {
    case "string":
    case "number":
    case "bool":
    case "any":
      return { kind: token.text };
    case "list":
    case "set":
    case "map": {
      stream.expectPunct("(");
      const element = readType(stream, false);
      stream.expectPunct(")");
      return { kind: token.text, element };
    }
    case "tuple": {
      stream.expectPunct("(");
      stream.expectPunct("[");
      const elements: TfType[] = [];
      while (!stream.eatPunct("]")) {
        elements.push(readType(stream, false));
        if (!stream.eatPunct(",")) {
          stream.expectPunct("]");
          break;
        }
      }
      stream.expectPunct(")");
      return { kind: "tuple", elements };
    }
    case "object":
      return readObjectType(stream);
    case "optional": {
      if (!allowOptional) throw new HclSyntaxError("optional() is only allowed on object attributes", token.pos);
      stream.expectPunct("(");
      const type = readType(stream, false);
      let hasDefault = false;
      let value: JsonValue = null;
      if (stream.eatPunct(",") && !stream.isPunct(")")) {
        hasDefault = true;
        value = readHclLiteral(stream);
        stream.eatPunct(",");
      }
      stream.expectPunct(")");
      return { optional: { name: "", type, optional: true, hasDefault, default: value } };
    }
    default:
      throw new HclSyntaxError(`unknown type "${token.text}"`, token.pos);
  }
}

function readObjectType(stream: HclTokenStream): TfType {
  stream.expectPunct("(");
  stream.expectPunct("{");
  const attributes: TfObjectAttribute[] = [];
  while (!stream.eatPunct("}")) {
    const key = stream.next();
    let name: string;
    if (key.kind === "ident") name = key.text;
    else if (key.kind === "string" && !key.template) name = key.value;
    else throw new HclSyntaxError("expected an attribute name", key.pos);
    if (!stream.eatPunct("=")) stream.expectPunct(":");
    const type = readType(stream, true);
    if ("optional" in type) attributes.push({ ...type.optional, name });
    else attributes.push({ name, type, optional: false, hasDefault: false, default: null });
    stream.eatPunct(",");
  }
  stream.expectPunct(")");
  return { kind: "object", attributes };
}
