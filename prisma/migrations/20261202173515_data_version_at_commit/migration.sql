-- CreateTable
CREATE TABLE "data_change_mark" (
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "data_change_mark_pkey" PRIMARY KEY ("id")
);

-- The data version moved at every writing statement, which locked its one row until the writer
-- committed: every other write queued behind the longest (a 20,000-row import held it for seconds)
-- and writers that took it and other rows in opposite orders could deadlock. Now a statement only
-- marks its transaction, once (a transaction-local setting remembers it), and a deferred trigger
-- on the mark moves the version at commit, after every other lock the transaction takes: the row
-- is held for the commit alone. The version still becomes visible with the data it stands for.
-- (Semicolons inside the function bodies are \x3B escapes: see the data_version migration.)
ALTER FUNCTION "bump_data_version"() RENAME TO "mark_data_change";
CREATE OR REPLACE FUNCTION "mark_data_change"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN IF current_setting(''p3pd.data_change_marked'', true) IS DISTINCT FROM ''on'' THEN PERFORM set_config(''p3pd.data_change_marked'', ''on'', true)\x3B INSERT INTO data_change_mark DEFAULT VALUES\x3B END IF\x3B RETURN NULL\x3B END\x3B';

CREATE FUNCTION "bump_data_version_at_commit"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1\x3B DELETE FROM data_change_mark WHERE id = NEW.id\x3B RETURN NULL\x3B END\x3B';

CREATE CONSTRAINT TRIGGER "data_change_mark_bumps_data_version" AFTER INSERT ON "data_change_mark"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_data_version_at_commit"();
