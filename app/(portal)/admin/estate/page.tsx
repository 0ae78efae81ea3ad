import Link from "next/link";
import { EstateSettingsForm } from "@/components/estate/estate-settings-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getEstateDeps, getEstateSettings } from "@/lib/estate";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { saveEstateSettingsAction } from "./actions";

export const metadata = { title: "Estate policy" };
export const dynamic = "force-dynamic";

export default async function EstateAdminPage() {
  const viewer = await requirePageViewer({ role: "admin" });
  const settings = await getEstateSettings(getEstateDeps(), viewer);
  return (
    <>
      <PageHeader
        title="Estate policy"
        description="How long consumers have to update the modules they run, and where overdue notices are announced."
        actions={
          <Link href="/estate" className="text-sm underline">
            Estate overview
          </Link>
        }
      />
      <Card>
        <EstateSettingsForm policy={settings.policy} policyPending={settings.policyPending} chatWebhookHost={settings.chatWebhookHost} save={saveEstateSettingsAction} />
      </Card>
      <p className="mt-4 text-sm text-fg-muted">
        GitHub issues for notices are turned on per workload, by its lead, on the workload&apos;s page.
      </p>
    </>
  );
}
