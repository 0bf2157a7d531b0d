//! The web console (being built).

use axum::Router;

use crate::app::AppState;

/// The console routes.
pub fn router() -> Router<AppState> {
    Router::new()
}
