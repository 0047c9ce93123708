-- A statement line names the Cardhub card it belongs to (provider_statements.card_id), which a read set only for a card
-- Cardhub held when it stored the line. Two kinds of line were left naming none: the funding lines of a card's issue,
-- which carry only the order's number (cardepass-v1.md accounts/accountLogs: orderNo 关联订单号 beside cardInfo 卡信息;
-- the card does not exist until the order completes), and lines stored before Cardhub held the card they name. Each
-- statements read now links them (db/queries/statements.ts, linkStatementCards); the lines stored so far are linked here
-- the same way: by the provider card id to the card of the line's own account, else, for a line with no card id, by the
-- order number to the card of Cardhub's order with that number in the same account, when that is one card.
CREATE INDEX "provider_orders_provider_order_idx" ON "provider_orders" USING btree ("provider_account_id","provider_order_id") WHERE "provider_orders"."provider_order_id" is not null;--> statement-breakpoint
CREATE INDEX "provider_statements_unlinked_idx" ON "provider_statements" USING btree ("provider_account_id") WHERE "provider_statements"."card_id" is null and ("provider_statements"."provider_card_id" is not null or "provider_statements"."provider_order_id" is not null);--> statement-breakpoint
UPDATE "provider_statements" AS s
SET "card_id" = linked."card_id"
FROM (
  SELECT u."id",
    coalesce(
      (SELECT c."id" FROM "cards" AS c WHERE c."provider_account_id" = u."provider_account_id" AND c."provider_card_id" = u."provider_card_id"),
      (SELECT CASE WHEN count(DISTINCT o."card_id") = 1 THEN (array_agg(o."card_id"))[1] END
         FROM "provider_orders" AS o
        WHERE u."provider_card_id" IS NULL AND o."provider_account_id" = u."provider_account_id" AND o."provider_order_id" = u."provider_order_id" AND o."card_id" IS NOT NULL)
    ) AS "card_id"
  FROM "provider_statements" AS u
  WHERE u."card_id" IS NULL AND (u."provider_card_id" IS NOT NULL OR u."provider_order_id" IS NOT NULL)
) AS linked
WHERE s."id" = linked."id" AND linked."card_id" IS NOT NULL;
