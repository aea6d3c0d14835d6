-- A booking's calendar file keeps one UID for the booking's life; SEQUENCE counts its changes.
-- SQLite adds a NOT NULL column with a constant default in place: no table rebuild is needed.
ALTER TABLE "Booking" ADD COLUMN "calendarSequence" INTEGER NOT NULL DEFAULT 0;

-- The calendar file (.ics text) an outbox message carried as an attachment.
ALTER TABLE "OutboxMessage" ADD COLUMN "calendarFile" TEXT;
