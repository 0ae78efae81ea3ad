import { AccountRequestForm } from "@/components/vending/account-request-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getAccountRequestForm, getVendingDeps } from "@/lib/vending/server";
import { requestAccountSetAction } from "../actions";

export const metadata = { title: "Request accounts" };

export default async function RequestAccountsPage() {
  const viewer = await requirePageViewer({ role: "lead" });
  const context = await getAccountRequestForm(getVendingDeps(), viewer);
  return (
    <>
      <PageHeader
        title="Request accounts"
        description="A workload's accounts, one per environment, vended by Account Factory once a platform admin approves. Names, emails and OUs follow the platform's conventions; change them only when you must."
      />
      <AccountRequestForm context={context} submit={requestAccountSetAction} />
    </>
  );
}
