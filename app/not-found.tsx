import { StatusMessage } from "@/components/shell/status-message";

// URLs that match no route; a notFound() inside the portal renders (portal)/not-found.tsx,
// inside the portal's own <main>.
export default function NotFound() {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <StatusMessage code={404} tone="accent" title="Page not found">
        The page may have moved, or the link is wrong.
      </StatusMessage>
    </main>
  );
}
