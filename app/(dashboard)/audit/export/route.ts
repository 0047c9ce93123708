import { exportAuditCsv } from "@/lib/audit/export";
import { csvExportRoute } from "@/lib/csv/export-route";

export const dynamic = "force-dynamic";

export const { GET, HEAD } = csvExportRoute("audit", exportAuditCsv);
