import { csvExportRoute } from "@/lib/csv/export-route";
import { exportStatementsCsv } from "@/lib/statements/export";

export const dynamic = "force-dynamic";

export const { GET, HEAD } = csvExportRoute("statements", exportStatementsCsv);
