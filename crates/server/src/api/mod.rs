//! The HTTP API under `/api/v1`, described by the OpenAPI document at `/api/openapi.json`.

pub mod accounts;
pub mod calendar;
pub mod commercial;
pub mod commitments;
pub mod deescalation;
pub mod disputes;
pub mod events;
pub mod intel;
pub mod meetings;
pub mod stix;
pub mod threads;
pub mod views;

use axum::extract::{FromRequest, FromRequestParts};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::app::AppState;
use crate::error::ApiError;

/// A JSON body whose every rejection (syntax, unknown field, wrong type, too large, wrong
/// content type) becomes an [`ApiError`] with a stable code.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A query string whose rejections (unknown parameter, wrong type) become an [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// The OpenAPI 3 description of the API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Fusion Cell API", description = "The joint coordination cell: threads, the hotline, receipts, accounts, the live stream and the shared record (a C2SP tiled transparency log cosigned by every party's witness). Authenticate with `Authorization: Bearer <token>` (see `fusioncell token create`). Errors are JSON `{code, message}`."),
    paths(
        accounts::me, accounts::cell, accounts::users, accounts::add_user, accounts::disable_user, accounts::enable_user,
        accounts::tokens, accounts::issue_token, accounts::revoke_token,
        threads::list, threads::create, threads::show, threads::post, threads::message, threads::acknowledge,
        threads::read, threads::translate, threads::pending,
        events::stream,
        deescalation::zones::list, deescalation::zones::show, deescalation::zones::propose, deescalation::zones::approve, deescalation::activities::list, deescalation::activities::show, deescalation::activities::notify, deescalation::activities::update, deescalation::activities::cancel, deescalation::activities::acknowledge, deescalation::activities::dry_run, deescalation::incidents::list, deescalation::incidents::show, deescalation::incidents::report, deescalation::incidents::alerts, deescalation::incidents::crossings, deescalation::positions::feed,
        disputes::list, disputes::counts, disputes::show, disputes::raise, disputes::steps::acknowledge, disputes::steps::answer, disputes::steps::accept, disputes::steps::mediation, disputes::steps::request, disputes::steps::reply, disputes::steps::findings, disputes::steps::rule, disputes::steps::answer_ruling,
        commercial::list, commercial::show, commercial::propose, commercial::move_to, commercial::comment,
        intel::list, intel::show, intel::create, intel::edit, intel::submit, intel::vet, intel::acknowledge, intel::feedback, intel::corroborate, intel::sighting, intel::withdraw, intel::correct, intel::preview, stix::bundle,
        commitments::list, commitments::show, commitments::propose, commitments::revise, commitments::approve, commitments::attest, commitments::verify,
        meetings::list, meetings::show, meetings::schedule, meetings::draft_minutes, meetings::approve_minutes, meetings::statements, meetings::statement, meetings::draft_statement, meetings::set_text, meetings::approve_statement, meetings::publish,
        calendar::create, calendar::status, calendar::revoke,
        crate::record::http::checkpoint, crate::record::http::log_key, crate::record::http::tile,
        crate::record::http::status, crate::record::http::entry, crate::record::http::receipt,
        crate::record::http::consistency, crate::record::http::openings,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn unknown() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        "no_such_endpoint",
        "no such endpoint; see /api/openapi.json",
    )
}

/// The API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/me", get(accounts::me))
        .route("/api/v1/cell", get(accounts::cell))
        .route(
            "/api/v1/users",
            get(accounts::users).post(accounts::add_user),
        )
        .route("/api/v1/users/{id}/disable", post(accounts::disable_user))
        .route("/api/v1/users/{id}/enable", post(accounts::enable_user))
        .route(
            "/api/v1/tokens",
            get(accounts::tokens).post(accounts::issue_token),
        )
        .route("/api/v1/tokens/{id}", delete(accounts::revoke_token))
        .route("/api/v1/threads", get(threads::list).post(threads::create))
        .route("/api/v1/threads/{id}", get(threads::show))
        .route("/api/v1/threads/{id}/messages", post(threads::post))
        .route("/api/v1/messages/{id}", get(threads::message))
        .route(
            "/api/v1/messages/{id}/acknowledge",
            post(threads::acknowledge),
        )
        .route("/api/v1/messages/{id}/read", post(threads::read))
        .route(
            "/api/v1/messages/{id}/translations",
            post(threads::translate),
        )
        .route("/api/v1/pending", get(threads::pending))
        .route("/api/v1/events", get(events::stream))
        .merge(deescalation::router())
        .merge(disputes::router())
        .merge(commercial::router())
        .merge(intel::router())
        .route("/api/v1/intel/reports/{id}/stix", get(stix::bundle))
        .merge(commitments::router())
        .merge(meetings::router())
        .merge(calendar::router())
        .route("/api/v1/{*rest}", axum::routing::any(unknown))
}
