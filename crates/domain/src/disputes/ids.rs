//! Identifiers of disputes: random slugs made at the edge, like every record id.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{id_type, is_valid_id};

id_type!(
    /// A dispute; random, made at the edge.
    DisputeId
);
