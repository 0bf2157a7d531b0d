//! The page of a zone (its versions, rules and approvals, with the approve button for a party
//! still asked to) and the page of an incident, each on a map.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use fusioncell_domain::deescalation::{
    DeescalationCommand, IncidentId, ZoneId, ZoneStatus, queries,
};
use fusioncell_domain::{Actor, Command, authz};

use super::svg::{self, MapSvg, MapView};
use super::text::Describe;
use super::{Assets, Item};
use crate::api::views::path_id;
use crate::app::AppState;
use crate::console::forms::FormData;
use crate::console::i18n::I18n;
use crate::console::pages::{error_page, last_index, page_or_error, render, view};
use crate::console::session::SignedIn;
use crate::console::view::{Frame, Problem, Text, When};
use crate::error::ApiError;

/// A party's rules in a zone version, in words.
pub struct RuleItem {
    party: String,
    forbidden: String,
    caps: String,
}

/// One version of a zone.
pub struct VersionRow {
    version: u32,
    name: String,
    status: String,
    in_force: bool,
    proposed_by: String,
    proposed: When,
    approvals: String,
    awaiting: String,
    in_force_at: Option<When>,
    rules: Vec<RuleItem>,
}

/// `GET /zones/{id}`.
#[derive(Template)]
#[template(path = "zone.html")]
pub struct ZonePage {
    t: I18n,
    frame: Frame,
    assets: Assets,
    id: String,
    name: String,
    description: String,
    versions: Vec<VersionRow>,
    map: MapSvg,
    alerts: Vec<Item>,
    /// The version the visitor's party may approve.
    approve: Option<u32>,
    problem: Option<Problem>,
}

fn zone_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &ZoneId,
    problem: Option<Problem>,
) -> Result<ZonePage, ApiError> {
    view(app, visitor, |v, read| {
        let d = Describe { v };
        let z = queries::zone(v.state, Some(v.party()), id)?;
        let shown = z
            .current()
            .or(z.latest())
            .ok_or_else(|| ApiError::not_found("zone", id.as_str()))?;
        let here = format!("/zones/{id}");
        let mut layers = svg::everything(&d);
        for s in layers.shapes.iter_mut().filter(|s| s.href == here) {
            s.class.push_str(" focus");
        }
        let bbox = shown.area.to_area("area").ok().map(|a| a.bounding_rect());
        let approve = z
            .latest()
            .filter(|l| {
                z.status(l) == ZoneStatus::Proposed
                    && l.awaiting().contains(v.party())
                    && authz::require_approve_zone(v.user, &l.approvers).is_ok()
            })
            .map(|l| l.version);
        Ok(ZonePage {
            frame: v.frame(visitor, shown.name.clone(), &here, last_index(read)),
            assets: Assets::default(),
            id: id.to_string(),
            name: shown.name.clone(),
            description: shown.description.clone(),
            versions: z
                .versions
                .iter()
                .rev()
                .map(|ver| VersionRow {
                    version: ver.version,
                    name: ver.name.clone(),
                    status: d.zone_status(z.status(ver)),
                    in_force: z.status(ver) == ZoneStatus::InForce,
                    proposed_by: ver.proposed_by.to_string(),
                    proposed: When::new(&v.t, ver.proposed_at),
                    approvals: ver
                        .approvals
                        .iter()
                        .map(|(p, a)| {
                            format!("{} ({}, {})", v.party_name(p), a.by, v.t.date_time(a.at))
                        })
                        .collect::<Vec<_>>()
                        .join(&v.t.tr("list-separator")),
                    awaiting: v.party_list(&ver.awaiting()),
                    in_force_at: ver.in_force_at.map(|at| When::new(&v.t, at)),
                    rules: ver
                        .rules
                        .iter()
                        .map(|(p, r)| RuleItem {
                            party: v.party_name(p),
                            forbidden: r
                                .forbidden_kinds
                                .iter()
                                .map(|k| d.kind(*k))
                                .collect::<Vec<_>>()
                                .join(&v.t.tr("list-separator")),
                            caps: r
                                .force_caps
                                .iter()
                                .map(|(c, n)| format!("{} ≤ {n}", d.force(*c)))
                                .collect::<Vec<_>>()
                                .join(&v.t.tr("list-separator")),
                        })
                        .collect(),
                })
                .collect(),
            map: layers.into_map(bbox.map(MapView::fit).unwrap_or_default(), &here),
            alerts: queries::alerts(v.state, Some(v.party()))
                .into_iter()
                .filter(|a| a.cause.zone() == Some(id))
                .map(|a| Item {
                    href: d.alert_href(a),
                    text: format!("{} — {}", d.time(a.at), d.alert(a)),
                    id: a.id.to_string(),
                })
                .collect(),
            approve,
            problem,
            t: v.t,
        })
    })
}

/// `GET /zones/{id}`: a zone, its versions and approvals, on a map.
pub async fn zone(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page =
        path_id("zone", &id, ZoneId::new).and_then(|id| zone_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `POST /zones/{id}/approve`: approves the version shown, for the visitor's party.
pub async fn approve(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let zone = match path_id("zone", &id, ZoneId::new) {
        Ok(z) => z,
        Err(e) => return error_page(&app, &visitor, &e),
    };
    let command = DeescalationCommand::ApproveZone {
        zone: zone.clone(),
        version: form.get("version").parse().unwrap_or(0),
    };
    let outcome = app
        .core
        .submit(
            Actor::User(visitor.caller.user.id.clone()),
            Command::Deescalation(command),
        )
        .await;
    match outcome {
        Ok(_) => Redirect::to(&format!("/zones/{zone}")).into_response(),
        Err(e) => {
            let e = ApiError::from(e);
            let problem = Problem::new(&I18n(visitor.lang), &e, |_| None);
            match zone_page(&app, &visitor, &zone, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(_) => error_page(&app, &visitor, &e),
            }
        }
    }
}

/// `GET /incidents/{id}`.
#[derive(Template)]
#[template(path = "incident.html")]
pub struct IncidentPage {
    t: I18n,
    frame: Frame,
    assets: Assets,
    title: String,
    party: String,
    reported_by: String,
    reported: When,
    occurred: When,
    place: String,
    category: String,
    description: Text,
    activity: Option<Item>,
    zone: Option<Item>,
    audience: String,
    map: MapSvg,
}

/// `GET /incidents/{id}`: an incident report, on a map.
pub async fn incident(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("incident", &id, IncidentId::new).and_then(|id| {
        view(&app, &visitor, |v, read| {
            let d = Describe { v };
            let i = queries::incident(v.state, Some(v.party()), &id)?;
            let here = format!("/incidents/{id}");
            let place = svg::coord(i.report.place);
            let mut layers = svg::everything(&d);
            for m in layers.markers.iter_mut().filter(|m| m.href == here) {
                m.class.push_str(" focus");
            }
            let view_at = MapView::new(Some(place.x), Some(place.y), Some(6));
            let link = |href: String, text: String| Item {
                href,
                id: String::new(),
                text,
            };
            Ok(IncidentPage {
                frame: v.frame(&visitor, d.incident(i), &here, last_index(read)),
                assets: Assets::default(),
                title: d.incident(i),
                party: v.party_name(&i.party),
                reported_by: i.reported_by.to_string(),
                reported: When::new(&v.t, i.reported_at),
                occurred: When::new(&v.t, i.report.occurred_at),
                place: format!("{:.5}, {:.5}", place.x, place.y),
                category: d.category(i.report.category),
                description: (&i.report.description).into(),
                activity: i.report.activity.as_ref().and_then(|a| {
                    let record = queries::activity(v.state, Some(v.party()), a).ok()?;
                    Some(link(format!("/activities/{a}"), d.activity(record)))
                }),
                zone: i.report.zone.as_ref().and_then(|z| {
                    let record = queries::zone(v.state, Some(v.party()), z).ok()?;
                    let version = record.current().or(record.latest())?;
                    Some(link(format!("/zones/{z}"), d.zone(record, version)))
                }),
                audience: v.party_list(&i.audience.0),
                map: layers.into_map(view_at, &here),
                t: v.t,
            })
        })
    });
    page_or_error(&app, &visitor, page)
}
