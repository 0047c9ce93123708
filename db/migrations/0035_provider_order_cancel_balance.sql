-- What a completed cancellation did with the card's balance (returned, reported, last known), as far as the provider
-- said. NULL for every other order.
ALTER TABLE "provider_orders" ADD COLUMN "cancel_balance" jsonb;