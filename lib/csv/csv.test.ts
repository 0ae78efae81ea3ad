import { describe, expect, it } from "vitest";
import { parseCsv } from "@/test/parse-csv";
import { csvField, csvRecord } from "./csv";

describe("csvField", () => {
  it("writes a cell as it is only when it starts with a letter, a digit or safe punctuation", () => {
    for (const safe of ["carol", "Ärger", "42", "2026-11-30T01:10:34.512Z", "_x", ".env", "/path", "(note)", "[1]", "{}", "#tag", "a=b", "x-1"]) {
      expect(csvField(safe), safe).toBe(safe);
    }
  });

  it("puts ' in front of every other start, beyond the known formula characters", () => {
    // The old blocklist (= + - @ tab CR) let these through.
    for (const start of ["|", "%", " =", "\u00a0=", "\uff1d", "\n=", "\u0000", "!", "~", "*", "<", "`"]) {
      const value = `${start}cmd|' /C calc'!A0`;
      expect(parseCsv(`${csvField(value)}\r\n`)[0]![0], JSON.stringify(start)).toBe(`'${value}`);
    }
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(parseCsv(`${csvField(`${start}1+1`)}\r\n`)[0]![0]).toBe(`'${start}1+1`);
  });

  it("quotes per RFC 4180 and reads back exactly", () => {
    expect(csvField('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe("' padded");
    expect(csvField("padded ")).toBe('"padded "');
    expect(csvField(null)).toBe("");
    expect(csvField("")).toBe("");
    const values = ["a,b", '{"k": "v, \\"w\\""}', "line one\r\nline two", null, "=SUM(A1)"];
    expect(parseCsv(csvRecord(values))).toEqual([["a,b", '{"k": "v, \\"w\\""}', "line one\r\nline two", "", "'=SUM(A1)"]]);
    expect(csvRecord(["x"]).endsWith("\r\n")).toBe(true);
  });
});
