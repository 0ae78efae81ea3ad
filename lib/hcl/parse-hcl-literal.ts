import { HclSyntaxError, HclTokenStream } from "./tokenize-hcl-expression";

/** The JSON values an HCL literal expression can stand for. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Parses an HCL literal expression (strings, numbers, bools, null, tuples `[...]`,
 * objects `{ k = v }`, with comments and trailing commas) into JSON. Anything that needs
 * evaluation (references, function calls, templates) is a syntax error here.
 */
export function parseHclLiteral(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  try {
    const stream = HclTokenStream.of(text);
    const value = readHclLiteral(stream);
    stream.expectEnd();
    return { ok: true, value };
  } catch (error) {
    if (error instanceof HclSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Reads one literal from the stream (shared with the type-expression parser for `optional(T, default)`). */
export function readHclLiteral(stream: HclTokenStream): JsonValue {
  const token = stream.next();
  switch (token.kind) {
    case "string":
      if (token.template) throw new HclSyntaxError("templates are not literals", token.pos);
      return token.value;
    case "number":
      return token.value;
    case "ident":
      if (token.text === "true") return true;
      if (token.text === "false") return false;
      if (token.text === "null") return null;
      throw new HclSyntaxError(`"${token.text}" is not a literal`, token.pos);
    case "punct":
      if (token.text === "-") {
        const number = stream.next();
        if (number.kind !== "number") throw new HclSyntaxError("expected a number after '-'", number.pos);
        return -number.value;
      }
      if (token.text === "[") return readTuple(stream);
      if (token.text === "{") return readObject(stream);
      throw new HclSyntaxError(`unexpected "${token.text}"`, token.pos);
    case "eof":
      throw new HclSyntaxError("unexpected end of input", token.pos);
  }
}

function readTuple(stream: HclTokenStream): JsonValue[] {
  const items: JsonValue[] = [];
  while (!stream.eatPunct("]")) {
    items.push(readHclLiteral(stream));
    if (!stream.eatPunct(",")) {
      stream.expectPunct("]");
      break;
    }
  }
  return items;
}

function readObject(stream: HclTokenStream): { [key: string]: JsonValue } {
  const object: { [key: string]: JsonValue } = {};
  while (!stream.eatPunct("}")) {
    const keyToken = stream.next();
    let key: string;
    if (keyToken.kind === "ident") key = keyToken.text;
    else if (keyToken.kind === "string" && !keyToken.template) key = keyToken.value;
    else if (keyToken.kind === "number") key = keyToken.text;
    else throw new HclSyntaxError("expected an object key", keyToken.pos);
    if (!stream.eatPunct("=")) stream.expectPunct(":");
    // Object.defineProperty keeps a "__proto__" key an own property, as JSON.parse does.
    Object.defineProperty(object, key, { value: readHclLiteral(stream), enumerable: true, writable: true, configurable: true });
    // Elements are separated by commas or newlines; newlines are already whitespace here.
    stream.eatPunct(",");
  }
  return object;
}
