import Link from "next/link";
import { AuditChainCheck } from "@/components/governance/audit-chain-check";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { verifyAuditChainAction } from "../../governance/actions";

export const metadata = { title: "Verify the audit log" };

export default async function AuditVerifyPage() {
  await requirePageViewer({ role: "admin" });
  return (
    <>
      <PageHeader
        title="Verify the audit log"
        description="Each audit row stores a hash of its content and of the row before it. Recomputing the chain finds a row edited, removed or inserted behind the portal's back, and names the first one. The same check runs from the command line: npm run bulkhead -- audit verify."
        actions={
          <Link href="/admin/audit" className="text-sm underline">
            Audit log
          </Link>
        }
      />
      <Card>
        <AuditChainCheck verify={verifyAuditChainAction} />
      </Card>
    </>
  );
}
