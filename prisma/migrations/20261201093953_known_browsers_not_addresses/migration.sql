-- Known sign-in addresses (hashes of an account and a network address) are forgotten: an account now knows
-- the browsers it signed in from, by a random token in a cookie (docs/decisions/0112).

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "SignInKnownAddress";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "SignInKnownBrowser" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "lastAt" DATETIME NOT NULL
);
