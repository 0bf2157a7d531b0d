//! Identifiers of de-escalation records. Like every id of the cell they are short slugs.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{id_type, is_valid_id};

id_type!(
    /// An agreed zone, chosen by the supervisor (e.g. `aos` for the area of separation). Its
    /// versions share the id.
    ZoneId
);
id_type!(
    /// A notified activity; random, made at the edge.
    ActivityId
);
id_type!(
    /// An incident report; random, made at the edge.
    IncidentId
);
id_type!(
    /// A deconfliction alert: `al-` and the record index of the alert's event, so that it is
    /// derived from the record and reveals nothing the index does not.
    AlertId
);
id_type!(
    /// A position track of one party (an aircraft, a vessel, a convoy), as its feed names it.
    PositionTrackId
);

impl AlertId {
    /// The id of the alert recorded at `index`.
    pub fn at_index(index: u64) -> AlertId {
        AlertId(format!("al-{index}"))
    }
}
