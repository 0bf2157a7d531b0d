//! The Fusion Cell server.
//!
//! - [`core`]: the write path (decide, durable append with group commit, apply, publish) and the
//!   read model;
//! - [`timer`]: turns passed acknowledgement deadlines into escalations;
//! - [`api`]: the JSON API under `/api/v1`, its OpenAPI document, and the live SSE stream;
//! - [`console`]: the server-rendered web console in English, Arabic and Hebrew;
//! - [`record`]: the shared record, a verifiable log that every party's witness cosigns, and
//!   its audit; [`witness`]: a party's witness;
//! - [`auth`] and [`caller`]: credentials, sessions, CSRF and rate limiting;
//! - [`app`]: the router, its security headers and limits, and start-up.

pub mod api;
pub mod app;
pub mod auth;
pub mod caller;
pub mod clock;
pub mod console;
pub mod core;
pub mod error;
pub mod ical;
pub mod record;
pub mod taxii;
pub mod timer;
pub mod witness;

pub use app::{AppState, Settings, router, serve};
pub use clock::{Clock, ManualClock, SystemClock};
pub use core::Core;
