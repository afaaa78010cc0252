-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('PARTNER', 'STAFF', 'ADMIN');

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "region_code" VARCHAR(13),
    "persisted_only" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_record" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "api_key_id" UUID,
    "key_prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "arguments" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "subject_id" TEXT,

    CONSTRAINT "audit_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_window" (
    "subject" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "points_used" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_window_pkey" PRIMARY KEY ("subject")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE INDEX "audit_record_api_key_id_at_idx" ON "audit_record"("api_key_id", "at");

-- CreateIndex
CREATE INDEX "audit_record_at_idx" ON "audit_record"("at");

-- A STAFF key is scoped to a region, and only a STAFF key is.
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_region_only_for_staff"
  CHECK (("role" = 'STAFF') = ("region_code" IS NOT NULL));

-- Keys are revoked, never deleted, so every audit record keeps the key it names.
ALTER TABLE "audit_record" ADD CONSTRAINT "audit_record_api_key_id_fkey"
  FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- The audit trail is append-only: no API offers to change it, and the database refuses to as well.
-- (Semicolons inside the function body are \x3B escapes: see the data_version migration.)
CREATE FUNCTION "refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN RAISE EXCEPTION \'audit records are append-only\' USING ERRCODE = \'insufficient_privilege\'\x3B END\x3B';

CREATE TRIGGER "audit_record_is_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_record"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_change"();
