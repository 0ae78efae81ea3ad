import { SectionIntro } from "@/components/shell/section-intro";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requirePageViewer();
  return (
    <SectionIntro href="/approvals" emptyTitle="Nothing waiting for review">
      Vend and tag-change requests land here. Platform admins approve or reject them, never their own.
    </SectionIntro>
  );
}
