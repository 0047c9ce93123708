-- A product's name as Cardhub shows it, given by an administrator (Cardepass names its products in Chinese): null
-- shows the provider's name. A product refresh (db/queries/products.ts upsertProducts) never writes it. At most 80
-- characters, never empty (clearing it stores null), as the rename form checks (lib/products/schemas.ts).
ALTER TABLE "products" ADD COLUMN "display_name" text;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_display_name_length" CHECK (char_length("products"."display_name") between 1 and 80);