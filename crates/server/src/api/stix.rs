//! One report as a STIX 2.1 bundle, for a partner's tool that imports files rather than speaking
//! TAXII: what the caller may see of the report's releases, the latest version of each object.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fusioncell_domain::intel::ReportId;
use fusioncell_domain::intel::queries;
use fusioncell_stix::export;
use fusioncell_stix::{Bundle, StixObject};

use crate::api::views::path_id;
use crate::app::AppState;
use crate::caller::ApiCaller;
use crate::error::{ApiError, ErrorBody};

/// A report's released versions as a STIX 2.1 bundle (`application/stix+json;version=2.1`): the
/// report, the parties' identities, its place, body, TLP marking, and the responses you may see.
#[utoipa::path(get, path = "/api/v1/intel/reports/{id}/stix", tag = "intelligence", params(("id" = String, Path, description = "Report id")),
    responses((status = 200, description = "A STIX 2.1 bundle", content_type = "application/stix+json;version=2.1"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn bundle(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = path_id("report", &id, ReportId::new)?;
    let read = app.core.read();
    let config = read
        .state
        .config()
        .ok_or(fusioncell_domain::DomainError::NotConfigured)?;
    let view = queries::report(&read.state, Some(&caller.user.party), &id)?;
    let mut latest: BTreeMap<String, StixObject> = BTreeMap::new();
    for e in export::report(config, &view) {
        let key = e.object.id().to_string();
        if latest
            .get(&key)
            .is_none_or(|o| o.version() < e.object.version())
        {
            latest.insert(key, e.object);
        }
    }
    let Some(version) = latest.values().map(StixObject::version).max() else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_released",
            format!("report `{id}` has no released version to export"),
        ));
    };
    let bundle = Bundle::new(
        &format!("report/{id}/{version}"),
        latest.into_values().collect(),
    );
    let mut response = axum::Json(bundle).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(fusioncell_stix::MEDIA_TYPE),
    );
    Ok(response)
}
