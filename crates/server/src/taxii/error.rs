//! Errors as TAXII 2.1 writes them: an error message resource (`title`, `description`,
//! `http_status`, `error_code`) in the TAXII media type. The code is the API's stable code from
//! [`crate::error`]; a 401 says how to authenticate.

use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::ApiError;

/// A failed TAXII request.
#[derive(Debug)]
pub struct TaxiiError(pub ApiError);

impl<E: Into<ApiError>> From<E> for TaxiiError {
    fn from(e: E) -> TaxiiError {
        TaxiiError(e.into())
    }
}

/// The TAXII error message resource.
#[derive(Serialize)]
struct ErrorMessage {
    title: String,
    description: String,
    error_code: &'static str,
    http_status: String,
}

impl IntoResponse for TaxiiError {
    fn into_response(self) -> Response {
        let e = self.0;
        metrics::counter!("fusioncell_http_errors_total", "code" => e.code).increment(1);
        let body = ErrorMessage {
            title: e.status.canonical_reason().unwrap_or("Error").to_string(),
            description: e.message,
            error_code: e.code,
            http_status: e.status.as_u16().to_string(),
        };
        let mut response = (e.status, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, super::media::content_type());
        if e.status.as_u16() == 401 {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Fusion Cell TAXII\", charset=\"UTF-8\""),
            );
        }
        if let Some(seconds) = e.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            headers.insert(header::RETRY_AFTER, value);
        }
        response
    }
}
