import { notFound } from "next/navigation";
import { AccountSetStatus } from "@/components/vending/account-set-status";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { AppError } from "@/lib/errors/app-error";
import { getAccountSet, getVendingDeps } from "@/lib/vending/server";
import { decideAccountSetAction, getAccountSetAction, retryAccountSetAction } from "../../actions";

export const metadata = { title: "Account set request" };

export default async function AccountSetRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer();
  const { id } = await params;
  const view = await getAccountSet(getVendingDeps(), viewer, { id }).catch((error: unknown) => {
    if ((error instanceof AppError && error.code === "NOT_FOUND") || (error instanceof Error && error.name === "ZodError")) notFound();
    throw error;
  });
  return (
    <>
      <PageHeader title={`Accounts for ${view.workload.name}`} description={`${view.accounts.map((a) => a.env).join(", ")} · requested by ${view.requestedBy}`} />
      <AccountSetStatus initial={view} load={getAccountSetAction} decide={decideAccountSetAction} retry={retryAccountSetAction} />
    </>
  );
}
