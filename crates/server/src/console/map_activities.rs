//! The activity list with its filters, an activity's page (with acknowledgement and
//! cancellation), and the form to notify an activity, whose dry run the script shows as the
//! form is filled in.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fusioncell_domain::authz;
use fusioncell_domain::deescalation::{
    ActivityId, ActivityRecord, ActivityStatus, DeescalationCommand, check as dry_run, queries,
};
use fusioncell_geo::{ActivityKind, ForceCategory};
use geo::BoundingRect;
use serde::Deserialize;

use super::svg::{self, MapSvg, MapView};
use super::text::Describe;
use super::{Assets, Item};
use crate::api::deescalation::activities::{ActivityQuery, activity_command, notify_activity};
use crate::api::deescalation::views::{ActivityBody, BandView, GeometryBody};
use crate::api::views::{TextView, path_id};
use crate::app::AppState;
use crate::auth::random_id;
use crate::console::forms::{FormData, local_from, utc_from_local};
use crate::console::i18n::I18n;
use crate::console::pages::{error_page, last_index, page_or_error, render, view};
use crate::console::session::{FragmentReader, SignedIn};
use crate::console::view::{Choice, Deadline, Frame, Problem, ProblemField, Text, Viewer, When};
use crate::error::ApiError;

const KINDS: [ActivityKind; 7] = [
    ActivityKind::Air,
    ActivityKind::Ground,
    ActivityKind::Naval,
    ActivityKind::Exercise,
    ActivityKind::Movement,
    ActivityKind::Humanitarian,
    ActivityKind::Other,
];

const FORCES: [(ForceCategory, &str); 5] = [
    (ForceCategory::Troops, "troops"),
    (ForceCategory::Tanks, "tanks"),
    (ForceCategory::ShortRangeArtillery, "short_range_artillery"),
    (ForceCategory::HeavyArtillery, "heavy_artillery"),
    (
        ForceCategory::SurfaceToAirMissiles,
        "surface_to_air_missiles",
    ),
];

fn kind_value(k: ActivityKind) -> String {
    crate::api::deescalation::views::name_of(&k)
}

/// The filters of the activity list, as the form sends them (empty means any).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// A party id.
    pub party: Option<String>,
    /// An activity kind.
    pub kind: Option<String>,
    /// `live` (upcoming and active), `upcoming`, `active`, `ended` or `cancelled`.
    pub status: Option<String>,
    /// `late` or `timely`.
    pub late: Option<String>,
    /// `mine`: awaiting the reader's party's acknowledgement.
    pub awaiting: Option<String>,
}

impl ListQuery {
    fn get(field: &Option<String>) -> Option<&str> {
        field.as_deref().filter(|v| !v.is_empty())
    }

    fn to_api(&self, v: &Viewer) -> ActivityQuery {
        ActivityQuery {
            party: Self::get(&self.party).map(str::to_string),
            kind: Self::get(&self.kind).map(str::to_string),
            status: Self::get(&self.status).map(|s| match s {
                "live" => "upcoming,active".to_string(),
                other => other.to_string(),
            }),
            from: None,
            to: None,
            late: Self::get(&self.late).map(|l| l == "late"),
            awaiting: Self::get(&self.awaiting).map(|_| v.party().to_string()),
        }
    }

    fn query_string(&self) -> String {
        let pairs: Vec<String> = [
            ("party", &self.party),
            ("kind", &self.kind),
            ("status", &self.status),
            ("late", &self.late),
            ("awaiting", &self.awaiting),
        ]
        .into_iter()
        .filter_map(|(k, v)| Self::get(v).map(|v| format!("{k}={v}")))
        .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

fn choices(options: Vec<(String, String)>, selected: Option<&str>) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: selected.unwrap_or("") == value,
            value,
            label,
        })
        .collect()
}

/// The filter form's choices.
pub struct Filters {
    parties: Vec<Choice>,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    late: Vec<Choice>,
    awaiting: bool,
}

/// An activity in the list.
pub struct ActivityRow {
    href: String,
    party: String,
    party_class: String,
    kind: String,
    status: String,
    status_class: &'static str,
    window: String,
    notice: String,
    late: Option<String>,
    acknowledgement: String,
    alerts: usize,
}

/// `GET /activities`.
#[derive(Template)]
#[template(path = "activities.html", blocks = ["list"])]
pub struct ActivitiesPage {
    t: I18n,
    frame: Frame,
    assets: Assets,
    fragment: String,
    filters: Filters,
    rows: Vec<ActivityRow>,
}

fn status_class(s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Upcoming => "upcoming",
        ActivityStatus::Active => "active",
        ActivityStatus::Ended => "ended",
        ActivityStatus::Cancelled => "cancelled",
    }
}

fn acknowledgement(d: &Describe, a: &ActivityRecord) -> String {
    let t = &d.v.t;
    let awaiting = a.current.unacknowledged();
    if a.cancelled_at.is_some() || a.current.addressed.is_empty() {
        "—".into()
    } else if awaiting.is_empty() {
        t.tr("all-acknowledged")
    } else if a.current.escalated_at.is_some() {
        t.tr_args(
            "activity-escalated-awaiting",
            &[("parties", d.v.party_list(&awaiting).into())],
        )
    } else {
        format!("{} {}", t.tr("awaiting"), d.v.party_list(&awaiting))
    }
}

fn alerts_about<'s>(
    v: &Viewer<'s>,
    id: &ActivityId,
) -> Vec<&'s fusioncell_domain::deescalation::Alert> {
    queries::alerts(v.state, Some(v.party()))
        .into_iter()
        .filter(|a| a.cause.activities().contains(&id))
        .collect()
}

fn list_page(
    app: &AppState,
    visitor: &SignedIn,
    q: &ListQuery,
) -> Result<ActivitiesPage, ApiError> {
    view(app, visitor, |v, read| {
        let d = Describe { v };
        let filter = q.to_api(v).to_filter()?;
        let t = &v.t;
        let rows = queries::activities(v.state, Some(v.party()), &filter, v.now)
            .into_iter()
            .map(|a| {
                let lead = &a.current.lead;
                ActivityRow {
                    href: format!("/activities/{}", a.id),
                    party: v.party_name(&a.party),
                    party_class: svg::party_class(v, &a.party),
                    kind: d.kind(a.current.draft.kind),
                    status: d.status(a.status(v.now)),
                    status_class: status_class(a.status(v.now)),
                    window: d.window(&a.current.draft.window),
                    notice: d.duration(lead.notice_ms),
                    late: d.late_by(lead),
                    acknowledgement: acknowledgement(&d, a),
                    alerts: alerts_about(v, &a.id).len(),
                }
            })
            .collect();
        let mut parties = vec![(String::new(), t.tr("filter-any"))];
        parties.extend(
            v.config
                .parties
                .iter()
                .map(|p| (p.id.to_string(), v.party_name(&p.id))),
        );
        let mut kinds = vec![(String::new(), t.tr("filter-any"))];
        kinds.extend(KINDS.iter().map(|k| (kind_value(*k), d.kind(*k))));
        let statuses = vec![
            (String::new(), t.tr("filter-any")),
            ("live".into(), t.tr("filter-live")),
            ("upcoming".into(), d.status(ActivityStatus::Upcoming)),
            ("active".into(), d.status(ActivityStatus::Active)),
            ("ended".into(), d.status(ActivityStatus::Ended)),
            ("cancelled".into(), d.status(ActivityStatus::Cancelled)),
        ];
        let late = vec![
            (String::new(), t.tr("filter-any")),
            ("late".into(), t.tr("filter-late")),
            ("timely".into(), t.tr("filter-timely")),
        ];
        let query = q.query_string();
        Ok(ActivitiesPage {
            frame: v.frame(
                visitor,
                t.tr("activities-heading"),
                &format!("/activities{query}"),
                last_index(read),
            ),
            assets: Assets::default(),
            fragment: format!("/activities-fragment{query}"),
            filters: Filters {
                parties: choices(parties, ListQuery::get(&q.party)),
                kinds: choices(kinds, ListQuery::get(&q.kind)),
                statuses: choices(statuses, ListQuery::get(&q.status)),
                late: choices(late, ListQuery::get(&q.late)),
                awaiting: ListQuery::get(&q.awaiting).is_some(),
            },
            rows,
            t: v.t,
        })
    })
}

/// `GET /activities`: the activities the visitor may see, filtered.
pub async fn list(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    page_or_error(&app, &visitor, list_page(&app, &visitor, &q))
}

/// `GET /activities-fragment`: the list alone.
pub async fn list_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Query(q): Query<ListQuery>,
) -> Response {
    match list_page(&app, &visitor, &q) {
        Ok(page) => render(StatusCode::OK, &page.as_list()),
        Err(e) => e.status.into_response(),
    }
}

/// A party's acknowledgement, as the page shows it.
pub struct AckItem {
    label: String,
    by: String,
    at: When,
    late: bool,
}

/// An earlier version, in a line.
pub struct VersionItem {
    at: When,
    line: String,
}

/// What an activity's page says about it.
pub struct ActivityFacts {
    id: String,
    party: String,
    kind: String,
    status: String,
    status_class: &'static str,
    window: String,
    altitude: Option<String>,
    forces: Vec<(String, u32)>,
    description: Text,
    version: u32,
    notified_by: String,
    notified_at: When,
    notice: String,
    late_by: Option<String>,
    addressed: String,
    deadline: Option<Deadline>,
    awaiting: String,
    acknowledgements: Vec<AckItem>,
    escalated: Option<When>,
    cancelled: Option<When>,
    receipt: String,
}

/// `GET /activities/{id}`.
#[derive(Template)]
#[template(path = "activity.html", blocks = ["live"])]
pub struct ActivityPage {
    t: I18n,
    frame: Frame,
    assets: Assets,
    fragment: String,
    a: ActivityFacts,
    map: MapSvg,
    alerts: Vec<Item>,
    history: Vec<VersionItem>,
    can_acknowledge: bool,
    can_cancel: bool,
    problem: Option<Problem>,
}

fn facts(d: &Describe, a: &ActivityRecord) -> ActivityFacts {
    let v = d.v;
    let c = &a.current;
    let awaiting = c.unacknowledged();
    ActivityFacts {
        id: a.id.to_string(),
        party: v.party_name(&a.party),
        kind: d.kind(c.draft.kind),
        status: d.status(a.status(v.now)),
        status_class: status_class(a.status(v.now)),
        window: d.window(&c.draft.window),
        altitude: c.draft.altitude.map(|b| {
            v.t.tr_args(
                "altitude-band",
                &[("lower", b.lower_m.into()), ("upper", b.upper_m.into())],
            )
        }),
        forces: c
            .draft
            .forces
            .iter()
            .map(|(k, n)| (d.force(*k), *n))
            .collect(),
        description: (&c.draft.description).into(),
        version: c.version,
        notified_by: c.by.to_string(),
        notified_at: When::new(&v.t, c.at),
        notice: d.notice(&c.lead),
        late_by: d.late_by(&c.lead),
        addressed: v.party_list(&c.addressed),
        deadline: c
            .deadline
            .filter(|_| a.cancelled_at.is_none())
            .map(|dl| v.deadline(dl, !awaiting.is_empty())),
        awaiting: v.party_list(&awaiting),
        acknowledgements: c
            .acknowledgements
            .iter()
            .map(|(p, ack)| AckItem {
                label: v.t.tr_args(
                    "activity-acknowledged-by-party",
                    &[("party", v.party_name(p).into())],
                ),
                by: ack.by.to_string(),
                at: When::new(&v.t, ack.at),
                late: ack.late,
            })
            .collect(),
        escalated: c.escalated_at.map(|at| When::new(&v.t, at)),
        cancelled: a.cancelled_at.map(|at| When::new(&v.t, at)),
        receipt: format!("/api/v1/log/receipts/{}", c.log_index),
    }
}

fn activity_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &ActivityId,
    problem: Option<Problem>,
) -> Result<ActivityPage, ApiError> {
    view(app, visitor, |v, read| {
        let d = Describe { v };
        let a = queries::activity(v.state, Some(v.party()), id)?;
        let here = format!("/activities/{id}");
        let mut layers = svg::everything(&d);
        for s in layers.shapes.iter_mut().filter(|s| s.href == here) {
            s.class.push_str(" focus");
        }
        let bbox = v
            .state
            .deescalation
            .index
            .footprint(id.as_str())
            .and_then(BoundingRect::bounding_rect)
            .or_else(|| {
                a.current
                    .draft
                    .prepare(id, &a.party)
                    .ok()
                    .and_then(|p| p.footprint().bounding_rect())
            });
        let map_view = bbox.map(MapView::fit).unwrap_or_default();
        let can_act = authz::require_acknowledge(v.user).is_ok();
        Ok(ActivityPage {
            frame: v.frame(visitor, d.activity(a), &here, last_index(read)),
            assets: Assets::default(),
            fragment: format!("{here}/fragment"),
            a: facts(&d, a),
            map: layers.into_map(map_view, &here),
            alerts: alerts_about(v, id)
                .into_iter()
                .map(|al| Item {
                    href: d.alert_href(al),
                    text: format!("{} — {}", d.time(al.at), d.alert(al)),
                    id: al.id.to_string(),
                })
                .collect(),
            history: a
                .history
                .iter()
                .rev()
                .map(|h| VersionItem {
                    at: When::new(&v.t, h.at),
                    line: v.t.tr_args(
                        "activity-version-line",
                        &[
                            ("version", h.version.into()),
                            ("kind", d.kind(h.draft.kind).into()),
                            ("window", d.window(&h.draft.window).into()),
                        ],
                    ),
                })
                .collect(),
            can_acknowledge: can_act
                && a.cancelled_at.is_none()
                && a.current.unacknowledged().contains(v.party()),
            can_cancel: a.cancelled_at.is_none()
                && authz::require_change_activity(v.user, &a.party).is_ok(),
            problem,
            t: v.t,
        })
    })
}

/// `GET /activities/{id}`: an activity, its acknowledgements and alerts, on a map.
pub async fn show(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("activity", &id, ActivityId::new)
        .and_then(|id| activity_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `GET /activities/{id}/fragment`: the page's live part, refetched when something changes.
pub async fn show_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("activity", &id, ActivityId::new)
        .and_then(|id| activity_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// Runs a command on activity `id` from a form, then shows its page (with the refusal, if any).
async fn act(
    app: &AppState,
    visitor: &SignedIn,
    id: &str,
    form: &FormData,
    command: impl FnOnce(ActivityId) -> DeescalationCommand,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(app, visitor, &e);
    }
    let id = match path_id("activity", id, ActivityId::new) {
        Ok(id) => id,
        Err(e) => return error_page(app, visitor, &e),
    };
    match activity_command(app, &visitor.caller, &id, command(id.clone())).await {
        Ok(_) => Redirect::to(&format!("/activities/{id}")).into_response(),
        Err(e) => {
            let problem = Problem::new(&I18n(visitor.lang), &e, |_| None);
            match activity_page(app, visitor, &id, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(_) => error_page(app, visitor, &e),
            }
        }
    }
}

/// `POST /activities/{id}/acknowledge`: acknowledges receipt for the visitor's party.
pub async fn acknowledge(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    act(&app, &visitor, &id, &form, |activity| {
        DeescalationCommand::AcknowledgeActivity { activity }
    })
    .await
}

/// `POST /activities/{id}/cancel`: calls the activity off.
pub async fn cancel(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    act(&app, &visitor, &id, &form, |activity| {
        DeescalationCommand::CancelActivity { activity }
    })
    .await
}

/// What was typed into the notify form, kept when it is shown again.
pub struct NotifyDraft {
    kind: String,
    shape: String,
    lon: String,
    lat: String,
    radius_m: String,
    line: String,
    width_m: String,
    geojson: String,
    start: String,
    end: String,
    lower_m: String,
    upper_m: String,
    forces: Vec<(String, String, String)>,
    text: String,
    lang: String,
}

impl NotifyDraft {
    /// A fresh form: a circle near the Golan, starting in two days for three hours.
    fn new(v: &Viewer) -> NotifyDraft {
        let hour = 3_600_000;
        let start = (v.now.millis() / hour + 49) * hour;
        let local = |ms: i64| local_from(fusioncell_domain::Timestamp(ms));
        NotifyDraft {
            kind: "air".into(),
            shape: "circle".into(),
            lon: "35.70".into(),
            lat: "33.10".into(),
            radius_m: "5000".into(),
            line: String::new(),
            width_m: "2000".into(),
            geojson: String::new(),
            start: local(start),
            end: local(start + 3 * hour),
            lower_m: String::new(),
            upper_m: String::new(),
            forces: Vec::new(),
            text: String::new(),
            lang: v.writing_language(),
        }
    }

    fn from_form(form: &FormData) -> NotifyDraft {
        let get = |k: &str| form.get(k).trim().to_string();
        NotifyDraft {
            kind: get("kind"),
            shape: get("shape"),
            lon: get("lon"),
            lat: get("lat"),
            radius_m: get("radius_m"),
            line: form.get("line").to_string(),
            width_m: get("width_m"),
            geojson: form.get("geojson").to_string(),
            start: get("start"),
            end: get("end"),
            lower_m: get("lower_m"),
            upper_m: get("upper_m"),
            forces: Vec::new(),
            text: form.get("text").to_string(),
            lang: get("lang"),
        }
        .with_forces(|k| get(&format!("force_{k}")))
    }

    fn with_forces(mut self, value: impl Fn(&str) -> String) -> NotifyDraft {
        self.forces = FORCES
            .iter()
            .map(|(_, k)| ((*k).to_string(), format!("force_{k}"), value(k)))
            .collect();
        self
    }

    /// The API's body for this draft; a refusal names the form's field.
    fn to_body(&self) -> Result<ActivityBody, ApiError> {
        let number = |field: &str, text: &str| -> Result<f64, ApiError> {
            text.trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| ApiError::invalid(field, "is not a number"))
        };
        let whole = |field: &str, text: &str| -> Result<u32, ApiError> {
            text.trim()
                .parse::<u32>()
                .map_err(|_| ApiError::invalid(field, "is not a whole number of metres"))
        };
        let geometry = match self.shape.as_str() {
            "corridor" => GeometryBody::Corridor {
                line: self
                    .line
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        let mut parts = l.split([',', ' ', '\t']).filter(|p| !p.is_empty());
                        let lon = number("line", parts.next().unwrap_or(""))?;
                        let lat = number("line", parts.next().unwrap_or(""))?;
                        Ok([lon, lat])
                    })
                    .collect::<Result<_, ApiError>>()?,
                width_m: whole("width_m", &self.width_m)?,
            },
            "area" => GeometryBody::Area {
                area: serde_json::from_str(&self.geojson)
                    .map_err(|e| ApiError::invalid("geojson", format!("is not JSON: {e}")))?,
            },
            _ => GeometryBody::Circle {
                center: [number("lon", &self.lon)?, number("lat", &self.lat)?],
                radius_m: whole("radius_m", &self.radius_m)?,
            },
        };
        let altitude = match (self.lower_m.as_str(), self.upper_m.as_str()) {
            ("", "") => None,
            (lower, upper) => Some(BandView {
                lower_m: lower
                    .parse()
                    .map_err(|_| ApiError::invalid("lower_m", "is not a whole number"))?,
                upper_m: upper
                    .parse()
                    .map_err(|_| ApiError::invalid("upper_m", "is not a whole number"))?,
            }),
        };
        let mut forces = BTreeMap::new();
        for (key, field, value) in &self.forces {
            if !value.is_empty() {
                let n = value
                    .parse()
                    .map_err(|_| ApiError::invalid(field, "is not a whole number"))?;
                forces.insert(key.clone(), n);
            }
        }
        Ok(ActivityBody {
            kind: self.kind.clone(),
            geometry,
            altitude,
            start: utc_from_local(&self.start),
            end: utc_from_local(&self.end),
            forces,
            description: TextView {
                lang: self.lang.clone(),
                text: self.text.clone(),
            },
        })
    }
}

/// The notify form's input behind a field named in a refusal.
fn notify_field(t: &I18n, field: &str) -> Option<ProblemField> {
    let field = field.split('[').next().unwrap_or(field);
    let (id, key) = match field {
        "kind" => ("field-kind", "field-kind"),
        "lon" | "lat" | "geometry.center" | "footprint" => ("field-lon", "field-center"),
        "radius_m" | "footprint.radius_m" => ("field-radius", "field-radius"),
        "line" | "geometry.line" | "footprint.line" => ("field-line", "field-line"),
        "width_m" | "footprint.width_m" => ("field-width", "field-width"),
        "geojson" | "geometry.area" | "footprint.area" => ("field-geojson", "field-geojson"),
        "start" | "window" => ("field-start", "field-start"),
        "end" | "window.end" => ("field-end", "field-end"),
        "lower_m" | "upper_m" | "altitude" => ("field-lower", "field-altitude"),
        "description.text" => ("field-text", "field-description"),
        "description.lang" => ("field-text-lang", "field-text-lang"),
        f if f.starts_with("force") => ("field-forces", "field-forces"),
        _ => return None,
    };
    let label = match key {
        "field-kind" => t.tr("field-kind"),
        "field-center" => t.tr("field-center"),
        "field-radius" => t.tr("field-radius"),
        "field-line" => t.tr("field-line"),
        "field-width" => t.tr("field-width"),
        "field-geojson" => t.tr("field-geojson"),
        "field-start" => t.tr("field-start"),
        "field-end" => t.tr("field-end"),
        "field-altitude" => t.tr("field-altitude"),
        "field-description" => t.tr("field-description"),
        "field-text-lang" => t.tr("field-text-lang"),
        _ => t.tr("field-forces"),
    };
    Some(ProblemField {
        id: id.into(),
        label,
    })
}

/// The dry run as the form shows it.
pub struct CheckPanel {
    problem: Option<Problem>,
    notice: String,
    late_by: Option<String>,
    addressed: String,
    deadline: Option<When>,
    alerts: Vec<String>,
}

/// `POST /activities/check`: the dry run alone, for the script.
#[derive(Template)]
#[template(path = "_check.html")]
pub struct CheckFragment {
    t: I18n,
    check: CheckPanel,
}

/// `GET /activities/new`, and the form shown again after a refusal.
#[derive(Template)]
#[template(path = "activity_new.html")]
pub struct NotifyPage {
    t: I18n,
    frame: Frame,
    assets: Assets,
    draft: NotifyDraft,
    kinds: Vec<Choice>,
    languages: Vec<Choice>,
    forces: Vec<(String, String, String)>,
    problem: Option<Problem>,
}

fn check_panel(
    app: &AppState,
    visitor: &SignedIn,
    draft: &NotifyDraft,
) -> Result<CheckPanel, ApiError> {
    let t = I18n(visitor.lang);
    let refused = |e: ApiError| CheckPanel {
        problem: Some(Problem::new(&t, &e, |f| notify_field(&t, f))),
        notice: String::new(),
        late_by: None,
        addressed: String::new(),
        deadline: None,
        alerts: Vec::new(),
    };
    let proposed = match draft.to_body().and_then(|body| body.to_draft()) {
        Ok(d) => d,
        Err(e) => return Ok(refused(e)),
    };
    view(app, visitor, |v, _| {
        let d = Describe { v };
        let id = ActivityId::new(&random_id("ac-")).expect("random ids are valid");
        let c = match dry_run(v.state, v.user, &id, &proposed, v.now) {
            Ok(c) => c,
            Err(e) => return Ok(refused(e.into())),
        };
        Ok(CheckPanel {
            problem: None,
            notice: d.notice(&c.lead),
            late_by: d.late_by(&c.lead),
            addressed: v.party_list(&c.addressed),
            deadline: c.deadline.map(|at| When::new(&v.t, at)),
            alerts: c.findings.iter().map(|f| d.foreseen(&f.cause)).collect(),
        })
    })
}

fn notify_page(
    app: &AppState,
    visitor: &SignedIn,
    draft: Option<NotifyDraft>,
    problem: Option<Problem>,
) -> Result<NotifyPage, ApiError> {
    view(app, visitor, |v, read| {
        let d = Describe { v };
        let draft = draft.unwrap_or_else(|| NotifyDraft::new(v).with_forces(|_| String::new()));
        let forces = FORCES
            .iter()
            .zip(&draft.forces)
            .map(|((k, _), (_, field, value))| (field.clone(), d.force(*k), value.clone()))
            .collect();
        Ok(NotifyPage {
            frame: v.frame(
                visitor,
                v.t.tr("notify-heading"),
                "/activities/new",
                last_index(read),
            ),
            assets: Assets::default(),
            kinds: KINDS
                .iter()
                .map(|k| Choice {
                    value: kind_value(*k),
                    label: d.kind(*k),
                    selected: kind_value(*k) == draft.kind,
                })
                .collect(),
            languages: v.text_languages(&draft.lang),
            forces,
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /activities/new`: the notify form.
pub async fn new_form(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(&app, &visitor, notify_page(&app, &visitor, None, None))
}

/// `POST /activities/check`: what the form would notify, and what it would raise.
pub async fn check(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    form: FormData,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return e.status.into_response();
    }
    let draft = NotifyDraft::from_form(&form);
    match check_panel(&app, &visitor, &draft) {
        Ok(check) => render(
            StatusCode::OK,
            &CheckFragment {
                t: I18n(visitor.lang),
                check,
            },
        ),
        Err(e) => e.status.into_response(),
    }
}

/// `POST /activities`: notifies the activity and shows its page.
pub async fn notify(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let draft = NotifyDraft::from_form(&form);
    let outcome = match draft.to_body() {
        Ok(body) => notify_activity(&app, &visitor.caller, &body).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(written) => {
            Redirect::to(&format!("/activities/{}", written.activity.id)).into_response()
        }
        Err(e) => {
            let t = I18n(visitor.lang);
            let problem = Problem::new(&t, &e, |f| notify_field(&t, f));
            match notify_page(&app, &visitor, Some(draft), Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(&app, &visitor, &e),
            }
        }
    }
}
