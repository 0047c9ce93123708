-- An order's fee carries its own currency: a Cardepass order's fee items name the currency it was charged in, which
-- need not be the card's (a USD fee on a JPY card). Fees stored so far were kept only when stated in the order's
-- currency (settle-order's guard refused any other), else the card's: they take that currency. A fee whose order
-- names no currency and has no card cannot say what it is in, and is cleared rather than shown as another sum.
ALTER TABLE "provider_orders" ADD COLUMN "fee_currency" text;--> statement-breakpoint
UPDATE "provider_orders" AS o
SET "fee_currency" = COALESCE(o."currency", (SELECT c."currency" FROM "cards" AS c WHERE c."id" = o."card_id"))
WHERE o."fee" IS NOT NULL;--> statement-breakpoint
UPDATE "provider_orders" SET "fee" = NULL WHERE "fee" IS NOT NULL AND "fee_currency" IS NULL;--> statement-breakpoint
ALTER TABLE "provider_orders" ADD CONSTRAINT "provider_orders_fee_currency_given" CHECK (("provider_orders"."fee" is null) = ("provider_orders"."fee_currency" is null));
