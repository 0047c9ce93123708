import { csvExportRoute } from "@/lib/csv/export-route";
import { exportTransactionsCsv } from "@/lib/transactions/export";

export const dynamic = "force-dynamic";

export const { GET, HEAD } = csvExportRoute("transactions", exportTransactionsCsv);
