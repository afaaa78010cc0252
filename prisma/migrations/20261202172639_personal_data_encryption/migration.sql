-- DropIndex
DROP INDEX "person_nik_key";

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "nik_hash" CHAR(64),
ALTER COLUMN "nik" SET DATA TYPE TEXT;

-- CreateTable
CREATE TABLE "personal_data_key" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "index_key" TEXT NOT NULL,

    CONSTRAINT "personal_data_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "person_nik_hash_key" ON "person"("nik_hash");

-- Written by hand: nik now holds the NIK encrypted (v1:<key>:<nonce>:<ciphertext>:<tag>), no
-- longer 16 digits, and its uniqueness moved to nik_hash. The rows already there are encrypted by the
-- server in TypeScript on its next start (packages/server/src/personal-data/encrypt-plaintext.ts),
-- as SQL does not hold the key.
ALTER TABLE "person" DROP CONSTRAINT "person_nik_sixteen_digits";
ALTER TABLE "personal_data_key" ADD CONSTRAINT "personal_data_key_single_row" CHECK ("id" = 1);
