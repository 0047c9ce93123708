/**
 * How a product is named on screen. Providers name products in their own language (Cardepass in Chinese: 通用卡);
 * an administrator may give one a display name (products.display_name), which is then what people read, with the
 * provider's name kept beside it where there is room. No imports: pages, server text and client pickers share it.
 */
export type NamedProduct = { name: string; displayName: string | null };
type MaybeNamedProduct = { name: string | null; displayName: string | null };

/** The name people read: the display name when an administrator gave one, otherwise the provider's. */
export function productLabel(product: NamedProduct): string;
export function productLabel(product: MaybeNamedProduct): string | null;
export function productLabel(product: MaybeNamedProduct): string | null {
  return product.displayName ?? product.name;
}

/** The provider's own name, to show beside the label, when the label is not already it. */
export function providerProductName(product: MaybeNamedProduct): string | null {
  return product.displayName && product.name && product.displayName !== product.name ? product.name : null;
}

/** "General card · 通用卡" (display name, then the provider's), or the one name there is. */
export function productLabelWithOriginal(product: NamedProduct): string;
export function productLabelWithOriginal(product: MaybeNamedProduct): string | null;
export function productLabelWithOriginal(product: MaybeNamedProduct): string | null {
  const original = providerProductName(product);
  return original ? `${product.displayName} · ${original}` : productLabel(product);
}
