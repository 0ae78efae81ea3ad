"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

/**
 * TanStack Query for the screens that poll or page through an API (the catalogue browser, the
 * scaffold status, the audit log). It is not in the root layout: its 12 KB (gzip) would load on
 * every page. Put it in the layout of the route segment whose client components call
 * useQuery/useInfiniteQuery, or around the one component in its page.
 */
export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
