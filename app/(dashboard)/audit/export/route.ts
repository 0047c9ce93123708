import { exportAuditCsv } from "@/lib/audit/export";
import { csvExportRoute } from "@/lib/csv/export-route";

export const dynamic = "force-dynamic";

export const { GET, HEAD } = csvExportRoute("Sign in to export the audit log.", exportAuditCsv);
