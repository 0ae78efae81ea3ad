"use client";

import { PageError } from "@/components/scaffold/page-error";

export default function WorkloadError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError error={error} reset={reset} what="this workload" />;
}
