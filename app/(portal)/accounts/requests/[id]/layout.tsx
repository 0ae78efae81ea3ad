import { QueryProvider } from "@/components/shell/query-provider";

// The account set status polls through TanStack Query; only this segment loads it.
export default function AccountSetRequestLayout({ children }: { children: React.ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
