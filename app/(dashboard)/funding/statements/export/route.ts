import { csvExportRoute } from "@/lib/csv/export-route";
import { exportStatementsCsv } from "@/lib/statements/export";

export const dynamic = "force-dynamic";

export const { GET, HEAD } = csvExportRoute("Sign in to export statements.", exportStatementsCsv);
