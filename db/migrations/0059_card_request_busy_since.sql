-- An approved request waiting for another change to its card fails after a day of waiting: counted from when it began
-- waiting, kept here, not from the other change's own age (a request meeting a change already 23 hours old would
-- otherwise fail an hour later). Requests waiting now start counting at their next look.
ALTER TABLE "card_requests" ADD COLUMN "card_busy_since" timestamp with time zone;
