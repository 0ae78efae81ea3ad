import { SectionIntro } from "@/components/shell/section-intro";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

export const metadata = { title: "Accounts" };

export default async function AccountsPage() {
  await requirePageViewer();
  return (
    <SectionIntro href="/accounts" emptyTitle="No account sets yet">
      Team leads will request dev, stage and prod accounts for a workload here, with its mandatory tags. Platform admins
      approve each request before Account Factory vends it.
    </SectionIntro>
  );
}
