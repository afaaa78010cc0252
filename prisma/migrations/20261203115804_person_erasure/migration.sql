-- AlterTable
ALTER TABLE "person" ADD COLUMN     "erased_at" TIMESTAMP(3),
ALTER COLUMN "full_name" DROP NOT NULL;

-- A person has a name until they are erased, and an erased row keeps nothing that names or reaches
-- them (UU 27/2022), only what the reports count: institution and home region.
ALTER TABLE "person" ADD CONSTRAINT "person_erased_holds_no_personal_data" CHECK (
  ("erased_at" IS NULL AND "full_name" IS NOT NULL)
  OR ("erased_at" IS NOT NULL AND "full_name" IS NULL AND "nik" IS NULL AND "nik_hash" IS NULL
      AND "phone" IS NULL AND "email" IS NULL AND "gender" IS NULL AND "position" IS NULL)
);
