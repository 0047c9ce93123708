-- The card page's live-refresh token (transactionsVersion with a card) reads the card's newest stamps through this
-- index. Without it PostgreSQL walked the organisation's rows newest first (transactions_org_updated_idx) until it met
-- one of the card's: for a card without transactions, every card just issued, that was the organisation's whole
-- history on every load and every poll of its page (175 ms at `npm run bench -- --scale small`'s 100,000 rows).
CREATE INDEX "transactions_card_updated_idx" ON "transactions" USING btree ("card_id","updated_at");
