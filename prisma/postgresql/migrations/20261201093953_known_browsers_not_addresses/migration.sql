-- Known sign-in addresses (hashes of an account and a network address) are forgotten: an account now knows
-- the browsers it signed in from, by a random token in a cookie (docs/decisions/0112).

-- DropTable
DROP TABLE "SignInKnownAddress";

-- CreateTable
CREATE TABLE "SignInKnownBrowser" (
    "key" TEXT NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInKnownBrowser_pkey" PRIMARY KEY ("key")
);
