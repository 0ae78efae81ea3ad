"use client";

import { Button } from "@/components/ui/button";

/** The error state of the scaffold and workload pages: what failed, and a way to try again. */
export function PageError({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  return (
    <div role="alert" className="rounded-md border border-danger-line bg-danger-soft p-6 text-sm text-danger">
      <h1 className="text-lg font-semibold">Could not load {what}</h1>
      <p className="mt-2">{error.digest ? `Something went wrong on our side (reference ${error.digest}).` : error.message}</p>
      <Button type="button" className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
