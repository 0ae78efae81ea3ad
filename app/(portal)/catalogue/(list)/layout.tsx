import { QueryProvider } from "@/components/shell/query-provider";

// The catalogue browser searches through TanStack Query; only this segment loads it.
export default function CatalogueListLayout({ children }: { children: React.ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
