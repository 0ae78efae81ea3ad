import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TagPolicyEditor } from "@/components/vending/tag-policy-editor";
import { VendingSettingsForm } from "@/components/vending/vending-settings-form";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getVendingAdmin, getVendingDeps } from "@/lib/vending/server";
import { saveTagPolicyAction, saveVendingSettingsAction } from "./actions";

export const metadata = { title: "Vending" };

export default async function VendingAdminPage() {
  const viewer = await requirePageViewer({ role: "admin" });
  const admin = await getVendingAdmin(getVendingDeps(), viewer);
  const policy = { ...admin.policy, createdAt: admin.policy.createdAt?.toISOString() ?? null };
  return (
    <>
      <PageHeader title="Vending" description="The mandatory tags every vended account carries, and how accounts are named, placed and wired." />
      <section aria-labelledby="policy-heading" className="mb-10">
        <h2 id="policy-heading" className="mb-3 text-lg font-semibold">
          Tag policy
        </h2>
        <TagPolicyEditor key={policy.version} policy={policy} save={saveTagPolicyAction} />
        {admin.history.length > 1 ? (
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer">Earlier versions</summary>
            <ul className="mt-2 space-y-1">
              {admin.history.slice(1).map((version) => (
                <li key={version.version}>
                  v{version.version} by {version.createdByName}
                  {version.note ? `: ${version.note}` : ""} ({version.keys.map((k) => k.key).join(", ")})
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="mb-3 text-lg font-semibold">
          Settings
        </h2>
        <Card>
          <VendingSettingsForm
            key={admin.settings.revision}
            settings={admin.settings.settings}
            revision={admin.settings.revision}
            updatedBy={admin.settings.updatedByName}
            ous={admin.ous}
            ouError={admin.ouError}
            save={saveVendingSettingsAction}
          />
        </Card>
      </section>
    </>
  );
}
