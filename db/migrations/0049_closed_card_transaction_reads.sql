-- The NobePay transaction sweep reads a closed (cancelled or expired) card at most hourly for the refund window after
-- it closed, then no more, as the card sync does; this is when it last began a read of the card's transactions that it
-- finished, and where the card's next read starts at the latest (lib/transactions/sync-pages.ts pullPerCard).
ALTER TABLE "cards" ADD COLUMN "transactions_read_at" timestamp with time zone;
