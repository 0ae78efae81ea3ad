import { SectionIntro } from "@/components/shell/section-intro";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

export const metadata = { title: "Estate" };

export default async function EstatePage() {
  await requirePageViewer();
  return (
    <SectionIntro href="/estate" emptyTitle="No module consumption recorded yet">
      When scaffold pull requests merge and consumer repos are scanned, this view shows which workload uses which module
      version, and which upgrades are due by when.
    </SectionIntro>
  );
}
