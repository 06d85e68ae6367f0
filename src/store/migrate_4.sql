-- Podium's store, version 4.
--
-- A session marked void (a false start, a test run) or made valid again, with the reason.
-- Append-only like every record: the newest row of a session says whether it is void now;
-- nothing of the session itself is changed or removed.
CREATE TABLE session_voids (
    void_id     INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (session_id),
    void        INTEGER NOT NULL CHECK (void IN (0, 1)),
    reason      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX session_voids_by_session ON session_voids (session_id, void_id);
