-- An online workshop's joining link. Added in place, so existing rows keep everything and get no link.
ALTER TABLE "Delivery" ADD COLUMN "joiningLink" TEXT NOT NULL DEFAULT '';
