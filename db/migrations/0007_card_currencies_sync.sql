-- card_currencies lists every currency an organisation holds cards in (the cards list's currency filter), kept here
-- by the database itself so that no write path (issue, sync, import) can forget it. Statement-level triggers with
-- transition tables: one insert per statement, not per row, so bulk loads stay set-based.
CREATE OR REPLACE FUNCTION card_currencies_remember() RETURNS trigger AS $$
BEGIN
  INSERT INTO card_currencies (organization_id, currency)
    SELECT DISTINCT organization_id, currency FROM changed_cards
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cards_currencies_on_insert AFTER INSERT ON cards
  REFERENCING NEW TABLE AS changed_cards
  FOR EACH STATEMENT EXECUTE FUNCTION card_currencies_remember();
--> statement-breakpoint
CREATE TRIGGER cards_currencies_on_update AFTER UPDATE ON cards
  REFERENCING NEW TABLE AS changed_cards
  FOR EACH STATEMENT EXECUTE FUNCTION card_currencies_remember();
--> statement-breakpoint
INSERT INTO card_currencies (organization_id, currency)
  SELECT DISTINCT organization_id, currency FROM cards
  ON CONFLICT DO NOTHING;
