export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-48 rounded bg-line" />
      <div className="h-4 w-96 max-w-full rounded bg-line" />
      <div className="h-40 rounded-lg bg-line" />
    </div>
  );
}
