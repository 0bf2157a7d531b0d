//! De-escalation in the console: the map (zones, activities by party, incidents, alerts and
//! crossings over the basemap, with pan and zoom), the activity list with filters, the form to
//! notify an activity (which shows what it would raise before it is sent), the form to report an
//! incident, and the pages of an activity, a zone and an incident, each with the actions the
//! reader may take.
//!
//! - `map_svg.rs`: the map drawn as SVG;
//! - `map_text.rs`: records in words, in the reader's language;
//! - `map_activities.rs`: the activity list, an activity's page, the notify form;
//! - `map_records.rs`: a zone's and an incident's pages;
//! - `map_incidents.rs`: the form to report an incident.
//!
//! Writes go through the API's functions, so the domain decides as it does for integrations.
//! The script (`static/map.js`) pans and zooms, checks the notify form as it is filled in, and
//! refreshes these pages when the live stream reports a de-escalation event.

#[path = "map_activities.rs"]
mod activities;
#[path = "map_incidents.rs"]
mod incidents;
#[path = "map_records.rs"]
mod records;
#[path = "map_svg.rs"]
mod svg;
#[path = "map_text.rs"]
mod text;

use std::sync::LazyLock;

use askama::Template;
use axum::Router;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fusioncell_domain::deescalation::queries;
use serde::Deserialize;

use super::assets;
use super::i18n::I18n;
use super::pages::{last_index, page_or_error, render, view};
use super::session::{FragmentReader, SignedIn};
use super::view::Frame;
use crate::app::AppState;
use crate::error::ApiError;
use svg::{MapSvg, MapView};
use text::Describe;

const JS: &str = include_str!("../../static/map.js");
const CSS: &str = include_str!("../../static/map.css");
static JS_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/map.js?v={}", assets::version(JS)));
static CSS_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/map.css?v={}", assets::version(CSS)));

/// The de-escalation pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/map", get(page))
        .route("/map-fragment", get(fragment))
        .route(
            "/activities",
            get(activities::list).post(activities::notify),
        )
        .route("/activities-fragment", get(activities::list_fragment))
        .route("/activities/new", get(activities::new_form))
        .route("/activities/check", post(activities::check))
        .route("/activities/{id}", get(activities::show))
        .route("/activities/{id}/fragment", get(activities::show_fragment))
        .route(
            "/activities/{id}/acknowledge",
            post(activities::acknowledge),
        )
        .route("/activities/{id}/cancel", post(activities::cancel))
        .route("/zones/{id}", get(records::zone))
        .route("/zones/{id}/approve", post(records::approve))
        .route("/incidents", post(incidents::report))
        .route("/incidents/new", get(incidents::new_form))
        .route("/incidents/{id}", get(records::incident))
        .route("/static/map.js", get(js))
        .route("/static/map.css", get(css))
}

/// `GET /static/map.js`.
async fn js(RawQuery(query): RawQuery) -> Response {
    assets::asset("text/javascript; charset=utf-8", JS, &JS_URL, query)
}

/// `GET /static/map.css`.
async fn css(RawQuery(query): RawQuery) -> Response {
    assets::asset("text/css; charset=utf-8", CSS, &CSS_URL, query)
}

/// The page's own style sheet and script, loaded besides the console's.
pub struct Assets {
    /// URL of `map.css`.
    pub css: String,
    /// URL of `map.js`.
    pub js: String,
}

impl Default for Assets {
    fn default() -> Self {
        Assets {
            css: CSS_URL.clone(),
            js: JS_URL.clone(),
        }
    }
}

/// Where the map looks, from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct ViewQuery {
    /// Longitude of the centre.
    pub lon: Option<f64>,
    /// Latitude of the centre.
    pub lat: Option<f64>,
    /// Zoom level.
    pub zoom: Option<u8>,
}

/// A line of the map's side lists.
pub struct Item {
    /// Where it links.
    pub href: String,
    /// What it says.
    pub text: String,
    /// Its anchor id, for alerts.
    pub id: String,
}

/// A party in the legend.
pub struct LegendParty {
    /// Its colour's CSS class.
    pub class: String,
    /// "Activities of <party>".
    pub label: String,
}

/// `GET /map`.
#[derive(Template)]
#[template(path = "map.html", blocks = ["live"])]
pub struct MapPage {
    t: I18n,
    frame: Frame,
    assets: Assets,
    fragment: String,
    map: MapSvg,
    parties: Vec<LegendParty>,
    alerts: Vec<Item>,
    incidents: Vec<Item>,
}

/// How many alerts and incidents the side lists show.
const SIDE_LIST: usize = 12;

fn map_page(app: &AppState, visitor: &SignedIn, q: &ViewQuery) -> Result<MapPage, ApiError> {
    view(app, visitor, |v, read| {
        let d = Describe { v };
        let map_view = MapView::new(q.lon, q.lat, q.zoom);
        let reader = Some(v.party());
        Ok(MapPage {
            frame: v.frame(visitor, v.t.tr("map-heading"), "/map", last_index(read)),
            assets: Assets::default(),
            fragment: format!("/map-fragment{}", map_view.query(0.0, 0.0, 0)),
            map: svg::everything(&d).into_map(map_view, "/map"),
            parties: v
                .config
                .parties
                .iter()
                .map(|p| LegendParty {
                    class: svg::party_class(v, &p.id),
                    label: v.t.tr_args(
                        "legend-activities",
                        &[("party", v.party_name(&p.id).into())],
                    ),
                })
                .collect(),
            alerts: queries::alerts(v.state, reader)
                .into_iter()
                .take(SIDE_LIST)
                .map(|a| Item {
                    href: d.alert_href(a),
                    text: format!("{} — {}", d.time(a.at), d.alert(a)),
                    id: a.id.to_string(),
                })
                .collect(),
            incidents: queries::incidents(v.state, reader)
                .into_iter()
                .take(SIDE_LIST)
                .map(|i| Item {
                    href: format!("/incidents/{}", i.id),
                    text: d.incident(i),
                    id: i.id.to_string(),
                })
                .collect(),
            t: v.t,
        })
    })
}

/// `GET /map`: the de-escalation map.
async fn page(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(q): Query<ViewQuery>,
) -> Response {
    page_or_error(&app, &visitor, map_page(&app, &visitor, &q))
}

/// `GET /map-fragment`: the map and its lists, refetched when something changes.
async fn fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Query(q): Query<ViewQuery>,
) -> Response {
    match map_page(&app, &visitor, &q) {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}
