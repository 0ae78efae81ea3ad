"use client";

import { useCallback, useState } from "react";
import type { FormChecks } from "./form-draft";

let loading: Promise<FormChecks> | null = null;

/**
 * Loads the form's parser-based checks (form-checks.ts) as a separate chunk, once per page. A
 * failed load (the network dropped) is forgotten, so the next call tries again.
 */
export function loadFormChecks(): Promise<FormChecks> {
  if (!loading) {
    const attempt = import("./form-checks").then((module) => module.formChecks);
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = null;
    });
  }
  return loading;
}

/**
 * The checks for a form component: `checks` is null until they have loaded; `warm()` starts
 * loading them (call it when the form takes focus, so they are there before the first Preview);
 * `load()` resolves with them (await it before validating).
 */
export function useFormChecks(): { checks: FormChecks | null; warm: () => void; load: () => Promise<FormChecks> } {
  const [checks, setChecks] = useState<FormChecks | null>(null);
  const load = useCallback(async () => {
    const loaded = await loadFormChecks();
    setChecks(loaded);
    return loaded;
  }, []);
  const warm = useCallback(() => {
    load().catch(() => undefined);
  }, [load]);
  return { checks, warm, load };
}
