import { StatusMessage } from "@/components/shell/status-message";

export const metadata = { title: "Not allowed" };

// forbidden() is only called inside the portal, whose layout holds the page's <main>.
export default function Forbidden() {
  return (
    <div className="grid min-h-[60dvh] place-items-center px-4">
      <StatusMessage code={403} tone="danger" title="You don't have access to this page">
        Your role does not include it. If you need access, ask a platform admin to add you to the right group at your identity provider.
      </StatusMessage>
    </div>
  );
}
