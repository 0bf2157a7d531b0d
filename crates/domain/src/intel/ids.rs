//! Identifiers of intelligence records. Like every id of the cell they are short slugs.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{id_type, is_valid_id};

id_type!(
    /// An intelligence report; random, made at the edge (or taken from an imported object).
    ReportId
);
id_type!(
    /// A record a report relates to: another report, a thread, an incident, or an object of a
    /// partner's tool (e.g. a STIX id), as the originator names it.
    RelatedId
);
