import { QueryProvider } from "@/components/shell/query-provider";
import { PageHeader } from "@/components/ui/page-header";

// The header sits here, outside loading.tsx's boundary, so it is in the first paint: content
// inside a boundary that streams in later is revealed by React no sooner than 300 ms after
// the first paint, which made the header's description (the largest text, the LCP element)
// wait. The catalogue browser searches through TanStack Query; only this segment loads it.
export default function CatalogueListLayout({ children }: { children: React.ReactNode }) {
  return (
    <QueryProvider>
      <PageHeader
        title="Module catalogue"
        description="Every tagged version of the platform's Terraform modules, with docs read from the HCL at that tag."
      />
      {children}
    </QueryProvider>
  );
}
