-- The card page's live-refresh token (transactionsVersion with a card) reads the card's newest stamps through this
-- index. Without it PostgreSQL read all of the card's rows or, where it expected them among the organisation's newest
-- (about 100 rows a card among 100,000, as at `npm run bench -- --scale small`), walked the organisation's rows newest
-- first (transactions_org_updated_idx) until it met one: for a card without transactions, every card just issued, the
-- organisation's whole history (175 ms there) on every load and every 3-second poll of its page.
CREATE INDEX "transactions_card_updated_idx" ON "transactions" USING btree ("card_id","updated_at");
