-- Podium's store, version 1 (later versions add to it: migrate_N.sql).
--
-- Every table is append-only: a correction is a new row, and "current" is worked out when
-- reading (the latest row by id, or the row no later row supersedes). Ids grow in commit order,
-- so "latest" never depends on the clock or on times written with different UTC offsets.
-- Times are RFC 3339 text with offset, as the app's clock gave them.
--
-- STRICT tables make SQLite refuse a value of the wrong type instead of storing it anyway.

-- 'Podi' in ASCII: marks the file as Podium's, so another program's database is refused.
PRAGMA application_id = 1349477481;

CREATE TABLE sessions (
    session_id  INTEGER PRIMARY KEY,
    deck_title  TEXT NOT NULL,
    deck_path   TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('live', 'rehearsal')),
    facilitator TEXT NOT NULL,
    location    TEXT,
    started_at  TEXT NOT NULL
) STRICT;

-- A session ends once, normally; if it is ended again the latest end counts.
CREATE TABLE session_ends (
    end_id     INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (session_id),
    ended_at   TEXT NOT NULL
) STRICT;
CREATE INDEX session_ends_by_session ON session_ends (session_id, end_id);

-- A person is the same across sessions. The keys are the trimmed, lowercased email and name
-- (computed in Rust, because SQLite's lower() only knows ASCII).
CREATE TABLE people (
    person_id  INTEGER PRIMARY KEY,
    email      TEXT,
    email_key  TEXT,
    team       TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX people_by_email ON people (email_key);

-- The first row is the name a person was added with; a rename appends a row.
CREATE TABLE person_names (
    name_id     INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (person_id),
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX person_names_by_person ON person_names (person_id, name_id);
CREATE INDEX person_names_by_key ON person_names (name_key);

CREATE VIEW current_names AS
SELECT n.person_id, n.name, n.name_key
FROM person_names n
WHERE n.name_id = (SELECT MAX(m.name_id) FROM person_names m WHERE m.person_id = n.person_id);

CREATE TABLE roster_events (
    event_id    INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (session_id),
    person_id   INTEGER NOT NULL REFERENCES people (person_id),
    action      TEXT NOT NULL CHECK (action IN ('add', 'remove')),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX roster_events_by_session ON roster_events (session_id, person_id, event_id);

CREATE TABLE attendance (
    attendance_id INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (session_id),
    person_id     INTEGER NOT NULL REFERENCES people (person_id),
    presence      TEXT NOT NULL CHECK (presence IN ('present', 'late', 'left_early', 'absent')),
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX attendance_by_session ON attendance (session_id, person_id, attendance_id);

-- answer_kind says how to read answer_value: 'options' (comma-separated 0-based indices as
-- text), 'number' (integer), 'text' (verbatim) or 'cleared' (NULL; withdraws what it corrects).
CREATE TABLE responses (
    response_id  INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions (session_id),
    item_id      TEXT NOT NULL,
    item_kind    TEXT NOT NULL,
    person_id    INTEGER REFERENCES people (person_id),
    answer_kind  TEXT NOT NULL CHECK (answer_kind IN ('options', 'number', 'text', 'cleared')),
    answer_value ANY,
    correct      INTEGER CHECK (correct IN (0, 1)),
    supersedes   INTEGER REFERENCES responses (response_id),
    recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX responses_by_item ON responses (session_id, item_id, response_id);
-- One correction per row: a second one would leave two current answers.
CREATE UNIQUE INDEX responses_by_supersedes ON responses (supersedes)
    WHERE supersedes IS NOT NULL;

-- Each save of a role-play's groups is a generation; the latest generation is current.
-- group_count keeps empty groups, which have no member rows.
CREATE TABLE group_generations (
    generation_id INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (session_id),
    item_id       TEXT NOT NULL,
    group_count   INTEGER NOT NULL CHECK (group_count >= 0),
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX group_generations_by_item ON group_generations (session_id, item_id, generation_id);

CREATE TABLE group_members (
    generation_id INTEGER NOT NULL REFERENCES group_generations (generation_id),
    group_index   INTEGER NOT NULL CHECK (group_index >= 0),
    position      INTEGER NOT NULL CHECK (position >= 0),
    person_id     INTEGER NOT NULL REFERENCES people (person_id),
    PRIMARY KEY (generation_id, group_index, position)
) STRICT;

CREATE TABLE score_sheets (
    sheet_id    INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (session_id),
    item_id     TEXT NOT NULL,
    round       INTEGER NOT NULL CHECK (round >= 0),
    seller_id   INTEGER NOT NULL REFERENCES people (person_id),
    observer_id INTEGER REFERENCES people (person_id),
    scale       INTEGER NOT NULL CHECK (scale >= 0),
    comment     TEXT NOT NULL,
    supersedes  INTEGER REFERENCES score_sheets (sheet_id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX score_sheets_by_item ON score_sheets (session_id, item_id, sheet_id);
CREATE UNIQUE INDEX score_sheets_by_supersedes ON score_sheets (supersedes)
    WHERE supersedes IS NOT NULL;

-- One row per criterion, in rubric order.
CREATE TABLE sheet_scores (
    sheet_id  INTEGER NOT NULL REFERENCES score_sheets (sheet_id),
    position  INTEGER NOT NULL CHECK (position >= 0),
    criterion TEXT NOT NULL,
    score     INTEGER NOT NULL CHECK (score >= 0),
    PRIMARY KEY (sheet_id, position)
) STRICT;

CREATE TABLE notes (
    note_id     INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (session_id),
    slide_ref   TEXT NOT NULL,
    text        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_by_session ON notes (session_id, slide_ref, note_id);

CREATE TABLE positions (
    position_id INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (session_id),
    slide_index INTEGER NOT NULL CHECK (slide_index >= 0),
    step        INTEGER NOT NULL CHECK (step >= 0),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX positions_by_session ON positions (session_id, position_id);

CREATE TABLE slide_times (
    slide_time_id           INTEGER PRIMARY KEY,
    session_id              INTEGER NOT NULL REFERENCES sessions (session_id),
    slide_index             INTEGER NOT NULL CHECK (slide_index >= 0),
    slide_ref               TEXT NOT NULL,
    section                 TEXT NOT NULL,
    section_planned_minutes INTEGER NOT NULL CHECK (section_planned_minutes >= 0),
    seconds                 REAL NOT NULL,
    recorded_at             TEXT NOT NULL
) STRICT;
CREATE INDEX slide_times_by_session ON slide_times (session_id, slide_time_id);
