//! TAXII 2.1 media types and content negotiation: every answer is
//! `application/taxii+json;version=2.1`; a client that accepts none of it gets 406, and a body in
//! another media type gets 415.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::error::ApiError;

/// The media type of every TAXII 2.1 answer and request body.
pub const TAXII: &str = "application/taxii+json;version=2.1";

/// A media type with its `version` parameter, if any, lowercased.
fn parse(text: &str) -> (String, Option<String>) {
    let mut parts = text.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default().to_ascii_lowercase();
    let version = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("version"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string());
    (essence, version)
}

/// Whether one media range of an Accept header admits TAXII 2.1.
fn admits_taxii(range: &str) -> bool {
    let (essence, version) = parse(range);
    match essence.as_str() {
        "application/taxii+json" => version.is_none_or(|v| v == "2.1"),
        "application/*" | "*/*" => true,
        _ => false,
    }
}

/// Checks the Accept header: absent, or admitting TAXII 2.1.
pub fn check_accept(headers: &HeaderMap) -> Result<(), ApiError> {
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if values.is_empty() || values.iter().flat_map(|v| v.split(',')).any(admits_taxii) {
        Ok(())
    } else {
        Err(ApiError::not_acceptable(TAXII))
    }
}

/// Checks the Content-Type of a body sent to add objects: a TAXII 2.1 envelope or a STIX 2.1
/// bundle (`application/taxii+json;version=2.1` or `application/stix+json;version=2.1`).
pub fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let sent = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(parse);
    match sent {
        Some((essence, version))
            if matches!(
                essence.as_str(),
                "application/taxii+json" | "application/stix+json"
            ) && version.as_deref().is_none_or(|v| v == "2.1") =>
        {
            Ok(())
        }
        _ => Err(ApiError::unsupported_media_type(TAXII)),
    }
}

/// The Content-Type header value of every answer.
pub fn content_type() -> HeaderValue {
    HeaderValue::from_static(TAXII)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn accept_admits_taxii_2_1_only() {
        assert!(check_accept(&HeaderMap::new()).is_ok());
        for ok in [
            TAXII,
            "application/taxii+json",
            "application/taxii+json; version=2.1",
            "text/html, */*;q=0.1",
        ] {
            assert!(check_accept(&headers(header::ACCEPT, ok)).is_ok(), "{ok}");
        }
        for bad in [
            "application/taxii+json;version=2.0",
            "application/json",
            "application/stix+json;version=2.1",
        ] {
            let e = check_accept(&headers(header::ACCEPT, bad)).unwrap_err();
            assert_eq!(e.status.as_u16(), 406, "{bad}");
        }
    }

    #[test]
    fn bodies_are_taxii_envelopes_or_stix_bundles() {
        for ok in [
            TAXII,
            "application/stix+json;version=2.1",
            "application/taxii+json",
        ] {
            assert!(
                check_content_type(&headers(header::CONTENT_TYPE, ok)).is_ok(),
                "{ok}"
            );
        }
        for bad in ["application/json", "application/taxii+json;version=2.0"] {
            let e = check_content_type(&headers(header::CONTENT_TYPE, bad)).unwrap_err();
            assert_eq!(e.status.as_u16(), 415, "{bad}");
        }
        assert!(check_content_type(&HeaderMap::new()).is_err());
    }
}
