-- Podium's store, version 2.
--
-- The key of each record a session writes, chosen by Podium when the record is made (before it
-- reaches the disk). A record written twice, because a retry follows a write whose answer was
-- lost or because a file of unsaved records is merged again, is then stored once: the second
-- write finds its key here and adds nothing. row_id is the row the record made (for a roster
-- of many people, the number of people; each person has a key of their own).
CREATE TABLE record_keys (
    record_key TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    row_id     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
