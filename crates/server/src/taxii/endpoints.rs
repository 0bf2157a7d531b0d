//! The TAXII 2.1 endpoints. Each answers in `application/taxii+json;version=2.1`; a collection
//! or object the caller's party may not see answers 404, like every other record of the cell.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fusioncell_domain::CellConfig;
use serde::Serialize;
use serde_json::{Value, json};

use super::collections::{self, Collection, CollectionResource};
use super::query::{Endpoint, Entry, Filters, Page, select};
use super::{API_ROOT, TaxiiBody, TaxiiCaller, TaxiiError, TaxiiPath, TaxiiQuery, exchange, media};
use crate::app::AppState;
use crate::caller::Caller;
use crate::error::ApiError;

/// A TAXII answer: `body` as JSON in the TAXII media type, with the date-added headers of `page`.
fn answer(status: StatusCode, body: &impl Serialize, page: Option<&Page<'_>>) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, media::content_type());
    if let Some((first, last)) = page.and_then(Page::date_added_range) {
        for (name, value) in [
            ("x-taxii-date-added-first", first),
            ("x-taxii-date-added-last", last),
        ] {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
    }
    response
}

/// The cell's configuration, or 503 before it is configured.
fn config(app: &AppState) -> Result<CellConfig, ApiError> {
    app.core
        .read()
        .state
        .config()
        .cloned()
        .ok_or_else(|| fusioncell_domain::DomainError::NotConfigured.into())
}

/// Collection `id` as `caller` may see it; 404 otherwise.
fn find_collection(app: &AppState, caller: &Caller, id: &str) -> Result<Collection, ApiError> {
    collections::find(&config(app)?, &caller.user.party, id)
        .ok_or_else(|| ApiError::not_found("collection", id))
}

/// `GET /taxii2/`: server discovery.
pub async fn discovery(
    State(app): State<AppState>,
    TaxiiCaller(_): TaxiiCaller,
) -> Result<Response, TaxiiError> {
    let config = config(&app)?;
    let body = json!({
        "title": format!("{} TAXII server", config.name),
        "description": "Intelligence reports of the cell as STIX 2.1, one collection per track and release audience.",
        "default": API_ROOT,
        "api_roots": [API_ROOT],
    });
    Ok(answer(StatusCode::OK, &body, None))
}

/// `GET /taxii2/cell/`: the API root.
pub async fn api_root(
    State(app): State<AppState>,
    TaxiiCaller(_): TaxiiCaller,
) -> Result<Response, TaxiiError> {
    let config = config(&app)?;
    let body = json!({
        "title": config.name,
        "description": "Intelligence sharing: released reports to read, drafts to add.",
        "versions": [media::TAXII],
        "max_content_length": crate::app::MAX_BODY,
    });
    Ok(answer(StatusCode::OK, &body, None))
}

/// `GET /taxii2/cell/collections/`: the collections the caller's party may see.
pub async fn collections(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
) -> Result<Response, TaxiiError> {
    let config = config(&app)?;
    let list: Vec<CollectionResource> = collections::visible(&config, &caller.user.party)
        .iter()
        .map(|c| CollectionResource::new(&config, c))
        .collect();
    Ok(answer(StatusCode::OK, &json!({"collections": list}), None))
}

/// `GET /taxii2/cell/collections/{collection}/`: one collection.
pub async fn collection(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath(id): TaxiiPath<String>,
) -> Result<Response, TaxiiError> {
    let found = find_collection(&app, &caller, &id)?;
    let body = CollectionResource::new(&config(&app)?, &found);
    Ok(answer(StatusCode::OK, &body, None))
}

/// The objects of `collection` that `caller` may see.
fn entries(app: &AppState, caller: &Caller, collection: &Collection) -> Vec<Entry> {
    let read = app.core.read();
    exchange::entries(&read.state, &caller.user.party, collection)
}

/// The envelope of a page.
fn envelope(page: &Page<'_>) -> Value {
    let mut body = json!({"more": page.more});
    if let Some(next) = &page.next {
        body["next"] = json!(next);
    }
    if !page.entries.is_empty() {
        body["objects"] = page.entries.iter().map(|e| e.object.to_value()).collect();
    }
    body
}

/// `GET …/objects/`: the objects of a collection, filtered and paged.
pub async fn objects(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath(id): TaxiiPath<String>,
    TaxiiQuery(query): TaxiiQuery<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let found = find_collection(&app, &caller, &id)?;
    let filters = Filters::parse(&query, Endpoint::Objects)?;
    let all = entries(&app, &caller, &found);
    let page = select(&all, &filters);
    Ok(answer(StatusCode::OK, &envelope(&page), Some(&page)))
}

/// The entries of object `object` in the collection, or 404 when it holds none.
fn object_entries(
    app: &AppState,
    caller: &Caller,
    collection: &str,
    object: &str,
) -> Result<Vec<Entry>, ApiError> {
    let found = find_collection(app, caller, collection)?;
    let all: Vec<Entry> = entries(app, caller, &found)
        .into_iter()
        .filter(|e| e.object.id().to_string() == object)
        .collect();
    if all.is_empty() {
        return Err(ApiError::not_found("object", object));
    }
    Ok(all)
}

/// `GET …/objects/{object}/`: one object (its latest version unless `match[version]` says).
pub async fn object(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath((collection, object)): TaxiiPath<(String, String)>,
    TaxiiQuery(query): TaxiiQuery<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let filters = Filters::parse(&query, Endpoint::Object)?;
    let all = object_entries(&app, &caller, &collection, &object)?;
    let page = select(&all, &filters);
    Ok(answer(StatusCode::OK, &envelope(&page), Some(&page)))
}

/// `GET …/objects/{object}/versions/`: the versions of one object.
pub async fn versions(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath((collection, object)): TaxiiPath<(String, String)>,
    TaxiiQuery(query): TaxiiQuery<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let filters = Filters::parse(&query, Endpoint::Versions)?;
    let all = object_entries(&app, &caller, &collection, &object)?;
    let page = select(&all, &filters);
    let mut body = json!({"more": page.more});
    if let Some(next) = &page.next {
        body["next"] = json!(next);
    }
    if !page.entries.is_empty() {
        body["versions"] = page
            .entries
            .iter()
            .map(|e| json!(e.object.version().to_string()))
            .collect();
    }
    Ok(answer(StatusCode::OK, &body, Some(&page)))
}

/// `GET …/manifest/`: what the objects are, without their content.
pub async fn manifest(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath(id): TaxiiPath<String>,
    TaxiiQuery(query): TaxiiQuery<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let found = find_collection(&app, &caller, &id)?;
    let filters = Filters::parse(&query, Endpoint::Objects)?;
    let all = entries(&app, &caller, &found);
    let page = select(&all, &filters);
    let mut body = json!({"more": page.more});
    if let Some(next) = &page.next {
        body["next"] = json!(next);
    }
    if !page.entries.is_empty() {
        body["objects"] = page
            .entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.object.id(),
                    "date_added": fusioncell_stix::StixTime(e.added.millis()),
                    "version": e.object.version(),
                    "media_type": fusioncell_stix::MEDIA_TYPE,
                })
            })
            .collect();
    }
    Ok(answer(StatusCode::OK, &body, Some(&page)))
}

/// The objects of a request body: a TAXII envelope (`objects`) or a STIX bundle.
fn request_objects(body: &[u8]) -> Result<Vec<Value>, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body is not JSON: {e}"),
        )
    })?;
    if value.get("type").and_then(Value::as_str) == Some("bundle") {
        return fusioncell_stix::validate::bundle_objects(&value)
            .map(<[Value]>::to_vec)
            .map_err(|e| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    e.to_string(),
                )
            });
    }
    match value.get("objects") {
        Some(Value::Array(list)) => Ok(list.clone()),
        None if value.is_object() => Ok(Vec::new()),
        _ => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "objects must be a list of STIX objects (a TAXII envelope), or send a STIX bundle",
        )),
    }
}

/// `POST …/objects/`: adds objects; reports become drafts of the caller's party on the
/// collection's track, releasable to the collection's other parties. Answers a status.
pub async fn add_objects(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath(id): TaxiiPath<String>,
    headers: HeaderMap,
    TaxiiBody(body): TaxiiBody,
) -> Result<Response, TaxiiError> {
    let found = find_collection(&app, &caller, &id)?;
    media::check_content_type(&headers)?;
    let objects = request_objects(&body)?;
    let status = exchange::add(&app, &caller, &found, &objects).await?;
    super::status::keep(&app, &caller.user.party, &status).await;
    Ok(answer(StatusCode::ACCEPTED, &status, None))
}

/// `GET /taxii2/cell/status/{status}/`: the status of an addition by the caller's party.
pub async fn status(
    State(app): State<AppState>,
    TaxiiCaller(caller): TaxiiCaller,
    TaxiiPath(id): TaxiiPath<String>,
) -> Result<Response, TaxiiError> {
    let found = super::status::find(&app, &caller.user.party, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("status", &id))?;
    Ok(answer(StatusCode::OK, &found, None))
}
