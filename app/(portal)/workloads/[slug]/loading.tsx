export default function WorkloadLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading the workload…</span>
      <div className="h-8 w-64 animate-pulse rounded bg-line" />
      <div className="h-24 animate-pulse rounded-lg bg-tint" />
      <div className="h-48 animate-pulse rounded-lg bg-tint" />
    </div>
  );
}
