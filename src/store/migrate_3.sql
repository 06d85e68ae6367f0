-- Podium's store, version 3: what happens after the workshop. Commitments made on a
-- commitment slide and what the leader records about them, and the leader's observations of
-- real calls and meetings scored on a workshop's rubric. Append-only like the rest: a change
-- of status, a note or a corrected observation is a new row.

-- A FreeText item of a session whose answers are commitments, as the deck had it when the
-- session ran: its prompt, how many days the follow-up was, and the day that makes due. Kept
-- here so a later edit of the deck does not move the commitments already made. Written again
-- (a resumed session, a deck reloaded while presenting), the latest row counts.
CREATE TABLE commitment_items (
    commitment_item_id INTEGER PRIMARY KEY,
    session_id         INTEGER NOT NULL REFERENCES sessions (session_id),
    item_id            TEXT NOT NULL,
    prompt             TEXT NOT NULL,
    follow_up_days     INTEGER NOT NULL CHECK (follow_up_days > 0),
    -- YYYY-MM-DD, the day of the session plus follow_up_days.
    due_on             TEXT NOT NULL,
    recorded_at        TEXT NOT NULL
) STRICT;
CREATE INDEX commitment_items_by_item ON commitment_items (session_id, item_id, commitment_item_id);

-- What the leader records about one commitment: a new status (open, done, dropped), a
-- follow-up note, a new due day, or several at once. A commitment is named by its session,
-- item and person, so it stays the same commitment when its answer is corrected. The latest
-- status and due day count; every note is kept.
CREATE TABLE commitment_updates (
    update_id   INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (session_id),
    item_id     TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people (person_id),
    status      TEXT CHECK (status IN ('open', 'done', 'dropped')),
    note        TEXT,
    due_on      TEXT,
    recorded_at TEXT NOT NULL,
    CHECK (status IS NOT NULL OR note IS NOT NULL OR due_on IS NOT NULL)
) STRICT;
CREATE INDEX commitment_updates_by_commitment
    ON commitment_updates (session_id, item_id, person_id, update_id);

-- The leader's observation of a person on a real call or meeting, scored on the rubric of a
-- deck's RolePlay. The rubric (its title, scale and criteria) is stored as it was when the
-- observation was made, so a later edit of the deck does not rewrite it. A correction is a new
-- row that supersedes the old one; `withdrawn` marks a correction that takes it back.
CREATE TABLE observations (
    observation_id INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people (person_id),
    -- YYYY-MM-DD: the day of the call, which may be before the day it was recorded.
    observed_on    TEXT NOT NULL,
    -- The customer, the deal or the meeting, in the leader's words.
    context        TEXT NOT NULL,
    observer       TEXT NOT NULL,
    deck_title     TEXT NOT NULL,
    deck_path      TEXT NOT NULL,
    item_id        TEXT NOT NULL,
    rubric_title   TEXT NOT NULL,
    scale          INTEGER NOT NULL CHECK (scale >= 1),
    withdrawn      INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    supersedes     INTEGER REFERENCES observations (observation_id),
    recorded_at    TEXT NOT NULL
) STRICT;
CREATE INDEX observations_by_person ON observations (person_id, observation_id);
CREATE UNIQUE INDEX observations_by_supersedes ON observations (supersedes)
    WHERE supersedes IS NOT NULL;

-- One row per criterion of the rubric, in rubric order, with its description as it was; a
-- criterion the call gave no chance to see has no score, and may still have a comment.
CREATE TABLE observation_scores (
    observation_id INTEGER NOT NULL REFERENCES observations (observation_id),
    position       INTEGER NOT NULL CHECK (position >= 0),
    criterion      TEXT NOT NULL,
    describe       TEXT NOT NULL,
    score          INTEGER CHECK (score >= 1),
    comment        TEXT NOT NULL,
    PRIMARY KEY (observation_id, position)
) STRICT;
