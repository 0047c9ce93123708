-- An ended order records, in the commit that ends it, that its card's read is owed; the read clears it. One still owed a
-- while later was ended by a process that died before the read (the first answer in the web process, a person's
-- resolution): the reconcile job has it followed, which reads the card. Orders ended before this owe nothing.
ALTER TABLE "provider_orders" ADD COLUMN "card_read_due_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "provider_orders_card_read_due_idx" ON "provider_orders" USING btree ("card_read_due_at") WHERE "provider_orders"."card_read_due_at" is not null;