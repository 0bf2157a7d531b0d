//! TAXII 2.1 at `/taxii2/`, so the parties' own tools exchange intelligence reports with the
//! cell as STIX 2.1.
//!
//! - [`endpoints`]: discovery, the API root `/taxii2/cell/`, collections, objects (get and add),
//!   one object, its versions, the manifest, and the status of an addition;
//! - [`collections`]: one collection per track and release audience, shown to the parties of
//!   that audience by the one visibility rule;
//! - [`exchange`]: what a collection holds (released reports as STIX, through the intelligence
//!   queries) and how added objects become draft reports;
//! - [`query`]: filters and paging; [`media`]: media types (406/415); [`status`]: statuses of
//!   additions; [`error`]: TAXII error messages.
//!
//! Clients authenticate with HTTP Basic: the user id and an API token of that user
//! ([`crate::caller::resolve_basic`]).

pub mod collections;
pub mod endpoints;
pub mod error;
pub mod exchange;
pub mod media;
pub mod query;
pub mod status;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::routing::get;

pub use error::TaxiiError;

use crate::app::AppState;
use crate::caller::{Caller, resolve_basic};
use crate::error::ApiError;

/// The path of the one API root.
pub const API_ROOT: &str = "/taxii2/cell/";

/// A TAXII caller: authenticated by HTTP Basic (or a bearer token) and accepting TAXII 2.1.
pub struct TaxiiCaller(pub Caller);

impl FromRequestParts<AppState> for TaxiiCaller {
    type Rejection = TaxiiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, TaxiiError> {
        let caller = resolve_basic(parts, app)
            .await?
            .ok_or_else(ApiError::unauthenticated_basic)?;
        media::check_accept(&parts.headers)?;
        Ok(TaxiiCaller(caller))
    }
}

/// A path whose rejections are TAXII errors.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(TaxiiError))]
pub struct TaxiiPath<T>(pub T);

/// Query parameters, read as pairs in order (`match[...]` names are not identifiers).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(TaxiiError))]
pub struct TaxiiQuery<T>(pub T);

/// A raw body whose rejections (too large) are TAXII errors.
pub struct TaxiiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for TaxiiBody {
    type Rejection = TaxiiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, TaxiiError> {
        Ok(TaxiiBody(Bytes::from_request(request, state).await?))
    }
}

/// Anything else under `/taxii2/`.
async fn unknown() -> TaxiiError {
    TaxiiError(ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        "no_such_endpoint",
        format!("no such TAXII endpoint; the API root is {API_ROOT}"),
    ))
}

/// A method an endpoint does not offer (objects cannot be deleted, most resources only read).
async fn not_allowed() -> TaxiiError {
    TaxiiError(ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this TAXII endpoint does not offer that method",
    ))
}

/// The TAXII routes.
pub fn router() -> Router<AppState> {
    let objects = "/taxii2/cell/collections/{collection}/objects/";
    Router::new()
        .route("/taxii2/", get(endpoints::discovery).fallback(not_allowed))
        .route(API_ROOT, get(endpoints::api_root).fallback(not_allowed))
        .route(
            "/taxii2/cell/collections/",
            get(endpoints::collections).fallback(not_allowed),
        )
        .route(
            "/taxii2/cell/collections/{collection}/",
            get(endpoints::collection).fallback(not_allowed),
        )
        .route(
            objects,
            get(endpoints::objects)
                .post(endpoints::add_objects)
                .fallback(not_allowed),
        )
        .route(
            "/taxii2/cell/collections/{collection}/objects/{object}/",
            get(endpoints::object).fallback(not_allowed),
        )
        .route(
            "/taxii2/cell/collections/{collection}/objects/{object}/versions/",
            get(endpoints::versions).fallback(not_allowed),
        )
        .route(
            "/taxii2/cell/collections/{collection}/manifest/",
            get(endpoints::manifest).fallback(not_allowed),
        )
        // Clients build the status URL with and without the final slash.
        .route(
            "/taxii2/cell/status/{status}/",
            get(endpoints::status).fallback(not_allowed),
        )
        .route(
            "/taxii2/cell/status/{status}",
            get(endpoints::status).fallback(not_allowed),
        )
        .route("/taxii2", axum::routing::any(unknown))
        .route("/taxii2/{*rest}", axum::routing::any(unknown))
}
