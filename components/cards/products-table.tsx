import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ProductWithAccount } from "@/db/queries/products";
import { formatDecimalMoney, formatMoney } from "@/lib/format";
import { feesOf, MODEL_LABELS } from "./labels";

function detail(product: ProductWithAccount, key: string): string | null {
  const value = product.details[key];
  return typeof value === "string" && value !== "" ? value : null;
}

export function ProductsTable({ products, caption }: { products: ProductWithAccount[]; caption: string }) {
  const showsDeposit = products.some((product) => product.minFirstDeposit !== null || product.availableBalance !== null);
  return (
    <Table>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Product</TableHead>
          <TableHead scope="col">Card models</TableHead>
          <TableHead scope="col">Currencies</TableHead>
          {showsDeposit ? (
            <>
              <TableHead scope="col">Minimum first deposit</TableHead>
              <TableHead scope="col">Available balance</TableHead>
            </>
          ) : null}
          <TableHead scope="col">Fees</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {products.map((product) => {
          const bin = detail(product, "bin");
          const description = detail(product, "description");
          const withdrawn = product.details.withdrawn === true;
          const fees = feesOf(product.fees);
          const balanceCurrency = product.balanceCurrency ?? product.currencies[0] ?? null;
          return (
            <TableRow key={product.id} className={withdrawn ? "text-muted-foreground" : undefined}>
              <TableCell className="max-w-72 align-top">
                <div className="flex flex-wrap items-center gap-2 font-medium">
                  {product.name}
                  {withdrawn ? <Badge variant="outline">No longer offered</Badge> : null}
                </div>
                <div className="text-muted-foreground font-mono text-xs">
                  {bin ? `BIN ${bin} · ` : ""}
                  {product.providerProductId}
                </div>
                {description && description !== product.name ? <div className="text-muted-foreground text-xs">{description}</div> : null}
              </TableCell>
              <TableCell className="align-top">{product.cardModels.map((model) => MODEL_LABELS[model] ?? model).join(", ") || "—"}</TableCell>
              <TableCell className="align-top">{product.currencies.join(", ") || "—"}</TableCell>
              {showsDeposit ? (
                <>
                  <TableCell className="align-top tabular-nums">{formatMoney(product.minFirstDeposit, balanceCurrency)}</TableCell>
                  <TableCell className="align-top tabular-nums">{formatMoney(product.availableBalance, balanceCurrency)}</TableCell>
                </>
              ) : null}
              <TableCell className="align-top">
                {fees.length === 0 ? (
                  <span className="text-muted-foreground">Not reported</span>
                ) : (
                  <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5 text-xs">
                    {fees.map((fee) => (
                      <div key={fee.key} className="contents">
                        <dt className="text-muted-foreground">{fee.label}</dt>
                        <dd className="tabular-nums">{formatDecimalMoney(fee.amount, fee.currency)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
