import { StatusMessage } from "@/components/shell/status-message";

// Renders inside the portal layout's <main>, so it has no landmark of its own.
export default function PortalNotFound() {
  return (
    <div className="grid min-h-[60dvh] place-items-center">
      <StatusMessage code={404} tone="accent" title="Page not found">
        The page may have moved, or the link is wrong.
      </StatusMessage>
    </div>
  );
}
