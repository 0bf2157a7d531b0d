-- Status resources of TAXII object additions, so that a client polling after the request finds
-- them even across a restart. The body is the status as served (JSON), readable only by the
-- party that made the request; the server deletes the oldest beyond a limit it keeps.
CREATE TABLE taxii_statuses (
    id            TEXT    PRIMARY KEY,
    party         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX taxii_statuses_by_age ON taxii_statuses (created_at_ms, id);
