import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert } from "./alert";
import { Card } from "./card";
import { CardList, CardListItem, NarrowOnly, WideOnly, type Breakpoint } from "./card-list";
import { Field } from "./field";
import { Input } from "./input";
import { Select } from "./select";
import { Table } from "./table";

const render = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element);

describe("Field", () => {
  it("labels the control and points it at its hint", () => {
    const html = render(h(Field, { label: "Repository", hint: "owner/repo", id: "repo", children: (control) => h(Input, { name: "repository", ...control }) }));
    expect(html).toContain('<label for="repo"');
    expect(html).toContain('<p id="repo-hint"');
    expect(html).toMatch(/<input[^>]* id="repo"[^>]* aria-describedby="repo-hint"/);
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-required");
  });

  it("marks an error as the control's error message and description, and required fields", () => {
    const html = render(
      h(Field, { label: "Repository", hint: "owner/repo", error: "Not found on GitHub.", required: true, id: "repo", children: (control) => h(Input, { ...control }) }),
    );
    expect(html).toMatch(/<input[^>]* aria-describedby="repo-hint repo-error" aria-invalid="true" aria-errormessage="repo-error" aria-required="true"/);
    expect(html).toContain('<p id="repo-error" class="mt-1 text-xs text-danger">Not found on GitHub.</p>');
    // The asterisk is for sighted users; assistive tech hears aria-required instead.
    expect(html).toContain('<span aria-hidden="true" class="ml-0.5 text-danger">*</span>');
  });

  it("generates an id when none is given and adds extra descriptions", () => {
    const html = render(h(Field, { label: "Layout", describedBy: "layout-note", children: (control) => h(Select, { ...control }, h("option", null, "x")) }));
    const id = /<label for="([^"]+)"/.exec(html)?.[1];
    expect(id).toMatch(/^field-/);
    expect(html).toMatch(new RegExp(`<select [^>]*id="${id}" aria-describedby="layout-note"`));
  });
});

describe("controls", () => {
  it("share the 3:1 control border and take width and padding as options", () => {
    expect(render(h(Input, {}))).toMatch(/class="[^"]*border-control[^"]*block w-full[^"]*px-3 py-2"/);
    const compact = render(h(Input, { compact: true, width: "auto", className: "w-56" }));
    expect(compact).not.toContain("w-full");
    expect(compact).toMatch(/px-2 py-1\.5 w-56"/);
  });
});

describe("Alert", () => {
  it("announces errors at once and other tones politely, unless told otherwise", () => {
    expect(render(h(Alert, { tone: "error" }, "Broke"))).toMatch(/^<div role="alert" class="[^"]*text-danger/);
    expect(render(h(Alert, { tone: "success" }, "Done"))).toMatch(/^<div role="status" class="[^"]*text-success/);
    expect(render(h(Alert, { tone: "warning", role: "note", title: "Deprecated" }, "Upgrade"))).toMatch(/^<div role="note"[^>]*><p class="font-semibold">Deprecated<\/p>Upgrade/);
  });
});

describe("Card", () => {
  it("is a section unless asked to be a div, and never writes `as` into the markup", () => {
    expect(render(h(Card, null, "x"))).toMatch(/^<section class="rounded-lg[^"]*">x<\/section>$/);
    // A div is what a <dl> may hold around a <dt>/<dd> pair (axe: definition-list, dlitem).
    const div = render(h(Card, { as: "div", className: "p-3" }, h("dt", null, "Units"), h("dd", null, "3")));
    expect(div).toMatch(/^<div class="[^"]*p-3"><dt>Units<\/dt><dd>3<\/dd><\/div>$/);
    expect(div).not.toContain(" as=");
  });
});

describe("Table", () => {
  it("sits in a focusable region named like its caption, and passes other props to the table", () => {
    const html = render(h(Table, { label: "Audit log", "data-testid": "audit-log" } as Parameters<typeof Table>[0], h("tbody", null)));
    expect(html).toMatch(/^<div role="region" aria-label="Audit log" tabindex="0" class="overflow-x-auto rounded-lg border border-line bg-raised"><table class="w-full text-left text-sm" data-testid="audit-log"><caption class="sr-only">Audit log<\/caption>/);
  });
});

describe("NarrowOnly and WideOnly", () => {
  // One of the pair is display:none at every width, so screen readers and getByRole meet one copy of each control.
  it.each<[Breakpoint, string, string]>([
    ["sm", "sm:hidden", "hidden sm:block"],
    ["md", "md:hidden", "hidden md:block"],
    ["lg", "lg:hidden", "hidden lg:block"],
  ])("split at %s: the cards below it, the table from it up", (breakpoint, narrow, wide) => {
    expect(render(h(NarrowOnly, { breakpoint, children: "cards" }))).toBe(`<div class="${narrow}">cards</div>`);
    expect(render(h(WideOnly, { breakpoint, children: "table" }))).toBe(`<div class="${wide}">table</div>`);
  });

  it("names the card list and passes other props through", () => {
    const html = render(h(CardList, { label: "Update notices", "data-testid": "inbox-cards" } as Parameters<typeof CardList>[0], h(CardListItem, { "data-notice-id": "n1" } as Parameters<typeof CardListItem>[0], "one")));
    expect(html).toMatch(/^<ul aria-label="Update notices" class="space-y-3" data-testid="inbox-cards"><li class="[^"]*rounded-lg[^"]*" data-notice-id="n1">one<\/li><\/ul>$/);
  });
});
