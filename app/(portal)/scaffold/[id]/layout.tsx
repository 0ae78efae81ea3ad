import { QueryProvider } from "@/components/shell/query-provider";

// The scaffold status polls through TanStack Query; only this segment loads it.
export default function ScaffoldRequestLayout({ children }: { children: React.ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
