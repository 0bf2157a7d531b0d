//! STIX 2.1 as the Fusion Cell exchanges it with the parties' own tools.
//!
//! - [`id`]: STIX identifiers, and deterministic ones (UUIDv5 of our record ids) so that exporting
//!   the same record twice yields the same object;
//! - [`time`]: STIX timestamps, always written in UTC with millisecond precision;
//! - [`tlp`]: the five standard TLP 2.0 marking definitions;
//! - [`object`]: the objects we produce and read (report, identity, location, incident, note,
//!   opinion, sighting, marking-definition) and the bundle;
//! - [`validate`]: checks of incoming objects, with errors naming the object and the property.
//!
//! - [`export`]: released reports (as a reader may see them) to STIX objects;
//! - [`import`]: STIX reports (with the objects they refer to) to draft reports.
//!
//! Nothing here does I/O.

pub mod export;
pub mod id;
pub mod import;
pub mod object;
pub mod time;
pub mod tlp;
pub mod validate;

pub use id::StixId;
pub use object::{Bundle, Common, StixObject};
pub use time::StixTime;
pub use tlp::Tlp;
pub use validate::{StixError, validate_bundle, validate_object};

/// The STIX version of every object we write.
pub const SPEC_VERSION: &str = "2.1";

/// The media type of STIX 2.1 content.
pub const MEDIA_TYPE: &str = "application/stix+json;version=2.1";
