"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { SetSourceDefaultOwnersInput } from "@/lib/catalogue/set-source-default-owners";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { describeFieldErrors } from "./describe-field-errors";

/** The server action that sets a source's default owners (the page passes it in). */
export type SetSourceOwners = (input: SetSourceDefaultOwnersInput) => Promise<ActionResult<{ defaultOwners: string[] }>>;

/** The owners a source's modules get when its CODEOWNERS names none. */
export function SourceOwnersForm({ sourceId, label, defaultOwners, setOwners }: { sourceId: string; label: string; defaultOwners: string[]; setOwners: SetSourceOwners }) {
  const id = useId();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      aria-label={`Default owners of ${label}`}
      className="mt-3 flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const value = String(new FormData(event.currentTarget).get("defaultOwners") ?? "");
        startTransition(async () => {
          const result = await setOwners({ sourceId, defaultOwners: value });
          setMessage(
            result.ok
              ? { tone: "ok", text: result.data.defaultOwners.length > 0 ? "Saved; the next sync applies them." : "Cleared; the next sync applies it." }
              : { tone: "error", text: describeFieldErrors(result.error) },
          );
        });
      }}
    >
      <label htmlFor={`${id}-owners`} className="block text-xs font-medium">
        Default owners, when CODEOWNERS names none
        <Input
          id={`${id}-owners`}
          name="defaultOwners"
          defaultValue={defaultOwners.join(" ")}
          placeholder="@acme-platform/platform"
          compact
          width="auto"
          className="mt-1 block w-72 max-w-full font-mono"
        />
      </label>
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
        {pending ? "Saving…" : "Save owners"}
      </Button>
      <span role="status" className={`text-xs ${message?.tone === "error" ? "text-danger" : "text-success"}`}>
        {message?.text ?? ""}
      </span>
    </form>
  );
}
