-- Who held a card when (card_holdings), so that a transaction reported after its card changed hands (a late-listed row,
-- one the daily re-read or a card's first read back finds, one that waited for its card) is booked to the holder and
-- team it was spent by, not to the card's holder when Cardhub received it (db/queries/card-holdings.ts).
-- Written only by triggers on cards, so no path that writes a card can forget it. A card's first holder and team (a
-- card issued to someone, or one imported unassigned once it is assigned) hold it from -infinity: what happened before
-- Cardhub knew who had the card is the first known holder's. Each later change of its owner or team starts the next
-- holding at clock_timestamp(), under the change's row lock on the card, so a card's holdings follow the order of its
-- writes. A card never assigned has none: its rows are nobody's, as before.
-- Every card already there holds its current owner and team from -infinity: Cardhub kept no earlier holder. Rows
-- already stored keep the owner and team they were given.
CREATE TABLE "card_holdings" (
	"card_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"valid_from" timestamp with time zone NOT NULL,
	CONSTRAINT "card_holdings_pk" PRIMARY KEY("card_id","valid_from")
);
--> statement-breakpoint
ALTER TABLE "card_holdings" ADD CONSTRAINT "card_holdings_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_holdings" ADD CONSTRAINT "card_holdings_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_holdings" ADD CONSTRAINT "card_holdings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE OR REPLACE FUNCTION card_holdings_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO card_holdings (card_id, owner_user_id, team_id, valid_from)
    SELECT c.id, c.owner_user_id, c.team_id, '-infinity'::timestamptz FROM inserted_cards c
    WHERE c.owner_user_id IS NOT NULL OR c.team_id IS NOT NULL
    ORDER BY c.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A card's first holding (it was unassigned until now) from -infinity, any later one from now. Two changes of one
-- card within the same microsecond (one transaction) keep the later.
CREATE OR REPLACE FUNCTION card_holdings_on_change() RETURNS trigger AS $$
BEGIN
  INSERT INTO card_holdings (card_id, owner_user_id, team_id, valid_from)
    VALUES (NEW.id, NEW.owner_user_id, NEW.team_id,
      CASE WHEN EXISTS (SELECT 1 FROM card_holdings h WHERE h.card_id = NEW.id) THEN clock_timestamp() ELSE '-infinity'::timestamptz END)
    ON CONFLICT (card_id, valid_from) DO UPDATE SET owner_user_id = excluded.owner_user_id, team_id = excluded.team_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cards_holdings_on_insert AFTER INSERT ON cards
  REFERENCING NEW TABLE AS inserted_cards
  FOR EACH STATEMENT EXECUTE FUNCTION card_holdings_on_insert();
--> statement-breakpoint
CREATE TRIGGER cards_holdings_on_change AFTER UPDATE OF owner_user_id, team_id ON cards
  FOR EACH ROW WHEN (OLD.owner_user_id IS DISTINCT FROM NEW.owner_user_id OR OLD.team_id IS DISTINCT FROM NEW.team_id)
  EXECUTE FUNCTION card_holdings_on_change();
--> statement-breakpoint
-- The cards already there, read under a lock that lets no card be written between this and the triggers.
LOCK TABLE cards IN SHARE MODE;
--> statement-breakpoint
INSERT INTO card_holdings (card_id, owner_user_id, team_id, valid_from)
  SELECT id, owner_user_id, team_id, '-infinity'::timestamptz FROM cards
  WHERE owner_user_id IS NOT NULL OR team_id IS NOT NULL
  ORDER BY id;
