import { Badge } from "@/components/ui/badge";
import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import type { ProductWithAccount } from "@/db/queries/products";
import { formatMoney } from "@/lib/format";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { productLabel, providerProductName } from "@/lib/products/product-label";
import { feeLines } from "./fee-lines";
import { MODEL_LABELS } from "./labels";
import { RenameProductDialog } from "./rename-product-dialog";

function detail(product: ProductWithAccount, key: string): string | null {
  const value = product.details[key];
  return typeof value === "string" && value !== "" ? value : null;
}

const balanceCurrency = (product: ProductWithAccount) => product.balanceCurrency ?? product.currencies[0] ?? null;

function Fees({ product }: { product: ProductWithAccount }) {
  const lines = feeLines(parseProductFees(product.fees), product.cardModels);
  if (lines.length === 0) {
    // NobePay's documents and orders state no fee anywhere, so none can be learnt from an order either.
    const text = product.provider === "nobepay" ? "Not stated by NobePay" : "Not known yet: learnt from the first order of each kind";
    return <span className="text-muted-foreground">{text}</span>;
  }
  return (
    <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-1 text-xs">
      {lines.map((line) => (
        <div key={line.key} className="contents">
          <dt className="text-muted-foreground">{line.label}</dt>
          <dd>
            <span className="tabular-nums">{line.text}</span>
            <span className="text-muted-foreground block">{line.source}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The products each account can issue; cards at phone width. Each shows its display name with the provider's name
 * beside it; administrators (`mayRename`, admin.manage, checked again by the action) rename them here.
 */
export function ProductsTable({ products, caption, mayRename = false }: { products: ProductWithAccount[]; caption: string; mayRename?: boolean }) {
  const showsDeposit = products.some((product) => product.minFirstDeposit !== null || product.availableBalance !== null);
  const columns: ListColumn<ProductWithAccount>[] = [
    {
      id: "product",
      header: "Product",
      cell: (product) => (
        <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
          {productLabel(product)}
          {providerProductName(product) ? (
            <span className="text-muted-foreground text-xs">
              <span className="sr-only">Provider&apos;s name: </span>
              {providerProductName(product)}
            </span>
          ) : null}
          {product.details.withdrawn === true ? <Badge variant="outline">No longer offered</Badge> : null}
        </span>
      ),
      sub: (product) => {
        const bin = detail(product, "bin");
        const description = detail(product, "description");
        return (
          <>
            <span className="block font-mono">
              {bin ? `BIN ${bin} · ` : ""}
              {product.providerProductId}
            </span>
            {description && description !== product.name ? <span className="block whitespace-normal">{description}</span> : null}
          </>
        );
      },
      phone: "title",
      className: "md:max-w-72 align-top",
    },
    { id: "models", header: "Card models", cell: (product) => product.cardModels.map((model) => MODEL_LABELS[model] ?? model).join(", ") || "—", phone: "detail", className: "align-top" },
    { id: "currencies", header: "Currencies", cell: (product) => product.currencies.join(", ") || "—", phone: "detail", className: "align-top" },
    ...(showsDeposit
      ? ([
          { id: "deposit", header: "Minimum first top-up", cell: (product) => formatMoney(product.minFirstDeposit, balanceCurrency(product)), phone: "detail", className: "align-top tabular-nums" },
          { id: "balance", header: "Available balance", cell: (product) => formatMoney(product.availableBalance, balanceCurrency(product)), phone: "detail", className: "align-top tabular-nums" },
        ] satisfies ListColumn<ProductWithAccount>[])
      : []),
    { id: "fees", header: "Fees", cell: (product) => <Fees product={product} />, phone: "detail", className: "align-top" },
    ...(mayRename
      ? ([
          {
            id: "rename",
            header: <span className="sr-only">Actions</span>,
            label: "Actions",
            cell: (product) => <RenameProductDialog product={{ id: product.id, name: product.name, displayName: product.displayName }} />,
            phone: "body",
            className: "align-top",
            align: "end",
          },
        ] satisfies ListColumn<ProductWithAccount>[])
      : []),
  ];
  return <ResponsiveList rows={products} columns={columns} rowKey={(product) => product.id} caption={caption} />;
}
