-- A browser becomes known to an account only when sign-in is complete, after the second step when one is
-- due (docs/decisions/0122).

-- A pending sign-in keeps the ids of its password step's SignInFailure rows, which count as failures until
-- the second step is passed. Added in place: pending sign-ins made before it, which last ten minutes, have none.
ALTER TABLE "PendingSignIn" ADD COLUMN "attemptIds" TEXT NOT NULL DEFAULT '[]';

-- Browsers were known after the right password alone, and which of them went on to pass the second step
-- cannot be told: every browser starts unknown again, as after 0112, and is known again at its next sign-in.
DELETE FROM "SignInKnownBrowser";
