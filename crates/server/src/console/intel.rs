//! Intelligence sharing in the console: the inbox of a party (to acknowledge, the vetting queue
//! for the supervisor, the party's own reports, reports received), the report page with its TLP
//! banner and every action the reader may take, and the compose page with releasability
//! checkboxes and a preview of exactly who will see the report (live with the script, and by a
//! "preview" button without it).
//!
//! Every write goes through the same domain commands as the API (`api::intel`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fusioncell_domain::authz::intel as authz;
use fusioncell_domain::intel::queries::{self, ReportFilter, ReportView};
use fusioncell_domain::intel::{
    Credibility, IntelCommand, Opinion, Reliability, ReportId, ReportStage, Tlp, Usefulness,
    release,
};
use fusioncell_domain::{Actor, Command, PartyId, TrackId};
use serde::Deserialize;

use super::forms::{FormData, local_from, utc_from_local};
use super::i18n::I18n;
use super::pages::{error_page, last_index, page_or_error, render, view};
use super::session::{FragmentReader, SignedIn};
use super::view::{Choice, Frame, Problem, Text, Viewer, When};
use crate::api::intel::views::{ReportBody, SanitizedView, SightingBody};
use crate::api::intel::{DEFAULT_TRACK, vet_decision};
use crate::api::views::{TextView, path_id};
use crate::app::AppState;
use crate::error::ApiError;

/// The console's intelligence routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/intel", get(inbox))
        .route("/intel-fragment", get(inbox_fragment))
        .route("/intel/new", get(compose))
        .route("/intel/preview-fragment", get(preview_fragment))
        .route("/intel/reports", post(create))
        .route("/intel/reports/{id}", get(report))
        .route("/intel/reports/{id}/edit", get(edit).post(save_edit))
        .route("/intel/reports/{id}/live", get(report_fragment))
        .route("/intel/reports/{id}/{action}", post(act))
}

/// The CSS class of a marking's banner and badge.
fn tlp_class(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "tlp-clear",
        Tlp::Green => "tlp-green",
        Tlp::Amber => "tlp-amber",
        Tlp::AmberStrict => "tlp-amber-strict",
        Tlp::Red => "tlp-red",
    }
}

fn stage_label(t: &I18n, stage: ReportStage) -> String {
    match stage {
        ReportStage::Draft => t.tr("intel-stage-draft"),
        ReportStage::Submitted => t.tr("intel-stage-submitted"),
        ReportStage::Returned => t.tr("intel-stage-returned"),
        ReportStage::Released => t.tr("intel-stage-released"),
        ReportStage::Withdrawn => t.tr("intel-stage-withdrawn"),
    }
}

/// A report in a list.
pub struct Row {
    href: String,
    title: Text,
    tlp: String,
    tlp_class: &'static str,
    stage: String,
    originator: String,
    created: When,
}

fn row(v: &Viewer, r: &ReportView<'_>) -> Row {
    Row {
        href: format!("/intel/reports/{}", r.id),
        title: (&r.content.title).into(),
        tlp: format!("TLP:{}", r.content.tlp),
        tlp_class: tlp_class(r.content.tlp),
        stage: stage_label(&v.t, r.stage),
        originator: v.party_name(r.originator),
        created: When::new(&v.t, r.created_at),
    }
}

/// One list of the inbox.
pub struct Section {
    id: &'static str,
    heading: String,
    empty: String,
    rows: Vec<Row>,
}

/// `GET /intel`.
#[derive(Template)]
#[template(path = "intel_inbox.html", blocks = ["sections"])]
pub struct InboxPage {
    t: I18n,
    frame: Frame,
    sections: Vec<Section>,
}

fn inbox_page(app: &AppState, visitor: &SignedIn) -> Result<InboxPage, ApiError> {
    view(app, visitor, |v, read| {
        let party = v.party();
        let list = |filter: ReportFilter, keep: &dyn Fn(&ReportView<'_>) -> bool| -> Vec<Row> {
            queries::reports(v.state, Some(party), &filter)
                .iter()
                .filter(|r| keep(r))
                .map(|r| row(v, r))
                .collect()
        };
        let section = |id, heading: String, empty: String, rows| Section {
            id,
            heading,
            empty,
            rows,
        };
        let mut sections = vec![section(
            "to-acknowledge",
            v.t.tr("intel-to-acknowledge"),
            v.t.tr("intel-none-to-acknowledge"),
            list(
                ReportFilter {
                    awaiting: Some(party.clone()),
                    ..Default::default()
                },
                &|_| true,
            ),
        )];
        if authz::require_vet(v.user, v.config).is_ok() {
            sections.push(section(
                "vetting",
                v.t.tr("intel-vetting-queue"),
                v.t.tr("intel-none-to-vet"),
                list(
                    ReportFilter {
                        stage: Some(ReportStage::Submitted),
                        ..Default::default()
                    },
                    &|r| r.originator != party,
                ),
            ));
        }
        sections.push(section(
            "ours",
            v.t.tr("intel-our-reports"),
            v.t.tr("intel-none-ours"),
            list(
                ReportFilter {
                    originator: Some(party.clone()),
                    ..Default::default()
                },
                &|_| true,
            ),
        ));
        sections.push(section(
            "received",
            v.t.tr("intel-received"),
            v.t.tr("intel-none-received"),
            list(ReportFilter::default(), &|r| {
                r.originator != party
                    && matches!(r.stage, ReportStage::Released | ReportStage::Withdrawn)
            }),
        ));
        Ok(InboxPage {
            frame: v.frame(visitor, v.t.tr("intel-inbox"), "/intel", last_index(read)),
            sections,
            t: v.t,
        })
    })
}

/// `GET /intel`: the party's intelligence inbox.
pub async fn inbox(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(&app, &visitor, inbox_page(&app, &visitor))
}

/// `GET /intel-fragment`: the inbox's lists, for the script to refresh.
pub async fn inbox_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
) -> Response {
    match inbox_page(&app, &visitor) {
        Ok(page) => render(StatusCode::OK, &page.as_sections()),
        Err(e) => e.status.into_response(),
    }
}

/// Who will see a report, in words.
pub struct Who {
    draft: String,
    submitted: String,
    released: String,
    recipients: String,
    vetted: bool,
    strict: bool,
}

fn who(v: &Viewer, track: &TrackId, to: &[PartyId], tlp: Tlp) -> Who {
    let to = to.iter().cloned().collect();
    let p = release::preview(v.config, v.party(), track, &to, tlp);
    Who {
        draft: v.party_list(&p.draft.0),
        submitted: v.party_list(&p.submitted.0),
        released: v.party_list(&p.released.0),
        recipients: if p.recipients.is_empty() {
            v.t.tr("intel-nobody")
        } else {
            v.party_list(&p.recipients)
        },
        vetted: p.vetted,
        strict: p.strict,
    }
}

/// The preview's part of the compose page.
#[derive(Template)]
#[template(path = "intel_who.html")]
pub struct WhoFragment {
    t: I18n,
    who: Who,
}

/// What the compose form holds, to show it again.
#[derive(Debug, Default, Deserialize)]
pub struct Draft {
    track: String,
    lang: String,
    title: String,
    summary: String,
    body: String,
    occurred_at: String,
    lon: String,
    lat: String,
    tlp: String,
    releasable_to: Vec<String>,
    reliability: String,
    credibility: String,
    attachment_name: String,
    attachment_url: String,
    attachment_sha256: String,
    /// An area kept from the report being edited (the form edits points only).
    place_geojson: String,
}

impl Draft {
    /// The form filled with a report's working text, to revise or correct it.
    fn from_content(track: &TrackId, c: &fusioncell_domain::intel::ReportContent) -> Draft {
        let (lon, lat, place_geojson) = match &c.place {
            Some(fusioncell_domain::intel::Place::Point { at }) => {
                (at.lon().to_string(), at.lat().to_string(), String::new())
            }
            Some(area) => (String::new(), String::new(), area.to_geojson().to_string()),
            None => Default::default(),
        };
        let attachment = c.attachments.first();
        Draft {
            track: track.to_string(),
            lang: c.title.lang.clone(),
            title: c.title.text.clone(),
            summary: c.summary.text.clone(),
            body: c.body.text.clone(),
            occurred_at: local_from(c.occurred_at),
            lon,
            lat,
            tlp: c.tlp.as_str().into(),
            releasable_to: c.releasable_to.iter().map(ToString::to_string).collect(),
            reliability: c.reliability.as_str().into(),
            credibility: c.credibility.grade().to_string(),
            attachment_name: attachment.map(|a| a.name.clone()).unwrap_or_default(),
            attachment_url: attachment.map(|a| a.url.clone()).unwrap_or_default(),
            attachment_sha256: attachment.map(|a| a.sha256.clone()).unwrap_or_default(),
            place_geojson,
        }
    }

    fn from_form(form: &FormData) -> Draft {
        let f = |k: &str| form.get(k).to_string();
        Draft {
            track: f("track"),
            lang: f("lang"),
            title: f("title"),
            summary: f("summary"),
            body: f("body"),
            occurred_at: f("occurred_at"),
            lon: f("lon"),
            lat: f("lat"),
            tlp: f("tlp"),
            releasable_to: form.all("releasable_to"),
            reliability: f("reliability"),
            credibility: f("credibility"),
            attachment_name: f("attachment_name"),
            attachment_url: f("attachment_url"),
            attachment_sha256: f("attachment_sha256"),
            place_geojson: f("place_geojson"),
        }
    }

    fn tlp(&self) -> Tlp {
        Tlp::parse(&self.tlp).unwrap_or(Tlp::Amber)
    }

    fn track(&self) -> TrackId {
        TrackId::new(&self.track)
            .unwrap_or_else(|| TrackId::new(DEFAULT_TRACK).expect("a valid id"))
    }

    fn parties(&self) -> Vec<PartyId> {
        self.releasable_to
            .iter()
            .filter_map(|p| PartyId::new(p))
            .collect()
    }

    /// The API body the form stands for; the API's checks name the field at fault.
    fn to_body(&self) -> Result<ReportBody, ApiError> {
        let text = |t: &str| TextView {
            lang: self.lang.clone(),
            text: t.to_string(),
        };
        let place = match (self.lon.trim(), self.lat.trim()) {
            ("", "") if !self.place_geojson.trim().is_empty() => Some(
                serde_json::from_str(&self.place_geojson)
                    .map_err(|_| ApiError::invalid("place", "is not GeoJSON"))?,
            ),
            ("", "") => None,
            (lon, lat) => {
                let degrees = |field: &str, v: &str| {
                    v.parse::<f64>()
                        .map_err(|_| ApiError::invalid(field, "is not a number of degrees"))
                };
                Some(
                    serde_json::json!({"type": "Point", "coordinates": [degrees("lon", lon)?, degrees("lat", lat)?]}),
                )
            }
        };
        Ok(ReportBody {
            track: Some(self.track.clone()),
            title: text(&self.title),
            summary: text(&self.summary),
            body: text(&self.body),
            occurred_at: utc_from_local(&self.occurred_at),
            place,
            tlp: self.tlp.clone(),
            releasable_to: self.releasable_to.clone(),
            reliability: self.reliability.clone(),
            credibility: self
                .credibility
                .parse()
                .map_err(|_| ApiError::invalid("credibility", "must be 1 to 6"))?,
            attachments: if self.attachment_url.trim().is_empty() {
                vec![]
            } else {
                vec![crate::api::intel::views::AttachmentView {
                    name: self.attachment_name.clone(),
                    url: self.attachment_url.clone(),
                    sha256: self.attachment_sha256.clone(),
                }]
            },
            related: vec![],
        })
    }
}

/// A checkbox of the releasability list.
pub struct PartyBox {
    id: String,
    name: String,
    checked: bool,
}

/// `GET /intel/new`.
#[derive(Template)]
#[template(path = "intel_compose.html")]
pub struct ComposePage {
    t: I18n,
    frame: Frame,
    draft: Draft,
    tracks: Vec<Choice>,
    languages: Vec<Choice>,
    markings: Vec<Choice>,
    reliabilities: Vec<Choice>,
    credibilities: Vec<Choice>,
    parties: Vec<PartyBox>,
    who: Who,
    problem: Option<Problem>,
    /// Where the form posts: a new report, or the edit of an existing one.
    action: String,
    heading: String,
    /// Whether the form corrects a released report (one button: submit the correction).
    correcting: bool,
    /// Whether the form edits an existing report (its track cannot change).
    editing: bool,
}

/// What the compose form is for.
#[derive(Clone)]
enum Target {
    /// A new report.
    New,
    /// Revising a draft or returned report.
    Edit(ReportId),
    /// Correcting a released report.
    Correct(ReportId),
}

fn choices(items: impl IntoIterator<Item = (String, String)>, selected: &str) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == selected,
            value,
            label,
        })
        .collect()
}

fn compose_page(
    app: &AppState,
    visitor: &SignedIn,
    mut draft: Draft,
    target: Target,
    problem: Option<Problem>,
) -> Result<ComposePage, ApiError> {
    view(app, visitor, |v, read| {
        if draft.track.is_empty() {
            draft.track = DEFAULT_TRACK.into();
            draft.lang = v
                .config
                .party(v.party())
                .and_then(|p| p.languages.first().cloned())
                .unwrap_or_else(|| "en".into());
            draft.tlp = "AMBER".into();
            draft.reliability = "B".into();
            draft.credibility = "2".into();
            draft.occurred_at = local_from(v.now);
        }
        let tracks = v
            .config
            .tracks
            .iter()
            .filter(|t| authz::require_compose(v.user, &t.id).is_ok())
            .map(|t| {
                (
                    t.id.to_string(),
                    fusioncell_domain::config::name_in(&t.names, v.t.code()).to_string(),
                )
            });
        let parties = v
            .config
            .parties
            .iter()
            .filter(|p| &p.id != v.party() && !v.config.is_supervisor(&p.id))
            .map(|p| PartyBox {
                id: p.id.to_string(),
                name: v.party_name(&p.id),
                checked: draft.releasable_to.contains(&p.id.to_string()),
            })
            .collect();
        let (action, heading) = match &target {
            Target::New => ("/intel/reports".to_string(), v.t.tr("intel-compose")),
            Target::Edit(id) => (format!("/intel/reports/{id}/edit"), v.t.tr("intel-edit")),
            Target::Correct(id) => (format!("/intel/reports/{id}/edit"), v.t.tr("intel-correct")),
        };
        let here = match &target {
            Target::New => "/intel/new".to_string(),
            _ => action.clone(),
        };
        Ok(ComposePage {
            frame: v.frame(visitor, heading.clone(), &here, last_index(read)),
            action,
            heading,
            correcting: matches!(target, Target::Correct(_)),
            editing: !matches!(target, Target::New),
            tracks: choices(tracks, &draft.track),
            languages: choices(
                v.config.languages.iter().map(|l| (l.clone(), l.clone())),
                &draft.lang,
            ),
            markings: choices(
                Tlp::ALL.map(|m| (m.as_str().to_string(), format!("TLP:{m}"))),
                &draft.tlp,
            ),
            reliabilities: choices(
                Reliability::ALL.map(|r| (r.as_str().to_string(), r.as_str().to_string())),
                &draft.reliability,
            ),
            credibilities: choices(
                (1..=6)
                    .filter_map(Credibility::new)
                    .map(|c| (c.grade().to_string(), c.grade().to_string())),
                &draft.credibility,
            ),
            parties,
            who: who(v, &draft.track(), &draft.parties(), draft.tlp()),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /intel/new`: the compose page.
pub async fn compose(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(
        &app,
        &visitor,
        compose_page(&app, &visitor, Draft::default(), Target::New, None),
    )
}

/// The fields the live preview sends: `to` is the releasability list, comma-separated.
#[derive(Debug, Default, Deserialize)]
pub struct PreviewQuery {
    track: Option<String>,
    tlp: Option<String>,
    to: Option<String>,
}

/// `GET /intel/preview-fragment?track=&tlp=&to=sy,jo`: who will see the report.
pub async fn preview_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Query(q): Query<PreviewQuery>,
) -> Response {
    let draft = Draft {
        track: q.track.unwrap_or_else(|| DEFAULT_TRACK.into()),
        tlp: q.tlp.unwrap_or_default(),
        releasable_to: q
            .to
            .unwrap_or_default()
            .split(',')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        ..Draft::default()
    };
    let built = view(&app, &visitor, |v, _| {
        Ok(WhoFragment {
            who: who(v, &draft.track(), &draft.parties(), draft.tlp()),
            t: v.t,
        })
    });
    match built {
        Ok(page) => render(StatusCode::OK, &page),
        Err(e) => e.status.into_response(),
    }
}

/// `POST /intel/reports`: preview, save as a draft, or save and submit.
pub async fn create(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let draft = Draft::from_form(&form);
    let again = |draft, e: Option<ApiError>| {
        let problem = e.map(|e| Problem::new(&I18n(visitor.lang), &e, |_| None));
        let status = if problem.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        match compose_page(&app, &visitor, draft, Target::New, problem) {
            Ok(page) => render(status, &page),
            Err(e) => error_page(&app, &visitor, &e),
        }
    };
    if form.get("action") == "preview" {
        return again(draft, None);
    }
    let content = match draft.to_body().and_then(|b| b.to_content()) {
        Ok(c) => c,
        Err(e) => return again(draft, Some(e)),
    };
    let report = ReportId::new(&crate::auth::random_id("ir-")).expect("random ids are valid");
    let actor = Actor::User(visitor.caller.user.id.clone());
    let drafted = app
        .core
        .submit(
            actor.clone(),
            Command::Intel(IntelCommand::Draft {
                report: report.clone(),
                track: draft.track(),
                content,
            }),
        )
        .await;
    if let Err(e) = drafted {
        return again(draft, Some(e.into()));
    }
    if form.get("action") == "submit" {
        let submitted = app
            .core
            .submit(
                actor,
                Command::Intel(IntelCommand::Submit {
                    report: report.clone(),
                }),
            )
            .await;
        if let Err(e) = submitted {
            return error_page(&app, &visitor, &e.into());
        }
    }
    Redirect::to(&format!("/intel/reports/{report}")).into_response()
}

/// The report the visitor may revise or correct, and which of the two.
fn edit_target(
    app: &AppState,
    visitor: &SignedIn,
    id: &ReportId,
) -> Result<(Target, Draft), ApiError> {
    view(app, visitor, |v, _| {
        let r = queries::report(v.state, Some(v.party()), id)?;
        authz::require_originator(v.user, r.originator, r.track)?;
        let target = match r.stage {
            ReportStage::Draft | ReportStage::Returned => Target::Edit(id.clone()),
            ReportStage::Released => Target::Correct(id.clone()),
            ReportStage::Submitted | ReportStage::Withdrawn => {
                return Err(ApiError::from(fusioncell_domain::DomainError::Conflict(
                    "this report cannot be changed now".into(),
                )));
            }
        };
        Ok((target, Draft::from_content(r.track, r.content)))
    })
}

/// `GET /intel/reports/{id}/edit`: the compose form filled with the report, to revise a draft
/// or a returned report, or to correct a released one.
pub async fn edit(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("report", &id, ReportId::new)
        .and_then(|id| edit_target(&app, &visitor, &id))
        .and_then(|(target, draft)| compose_page(&app, &visitor, draft, target, None));
    page_or_error(&app, &visitor, page)
}

/// `POST /intel/reports/{id}/edit`: preview, save the revision (and submit it), or submit the
/// correction.
pub async fn save_edit(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    let (app, visitor, form) = (&app, &visitor, &form);
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(app, visitor, &e);
    }
    let found = path_id("report", &id, ReportId::new)
        .and_then(|id| edit_target(app, visitor, &id).map(|t| (id, t)));
    let (id, (target, original)) = match found {
        Ok(t) => t,
        Err(e) => return error_page(app, visitor, &e),
    };
    let id = &id;
    let mut draft = Draft::from_form(form);
    draft.track = original.track;
    let again = |draft, e: Option<ApiError>| {
        let problem = e.map(|e| Problem::new(&I18n(visitor.lang), &e, |_| None));
        let status = if problem.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        match compose_page(app, visitor, draft, target.clone(), problem) {
            Ok(page) => render(status, &page),
            Err(e) => error_page(app, visitor, &e),
        }
    };
    if form.get("action") == "preview" {
        return again(draft, None);
    }
    let content = match draft.to_body().and_then(|b| b.to_content()) {
        Ok(c) => c,
        Err(e) => return again(draft, Some(e)),
    };
    let actor = Actor::User(visitor.caller.user.id.clone());
    let report = id.clone();
    let mut commands = match &target {
        Target::Correct(_) => vec![IntelCommand::Correct { report, content }],
        _ => vec![IntelCommand::Edit { report, content }],
    };
    if form.get("action") == "submit" && !matches!(target, Target::Correct(_)) {
        commands.push(IntelCommand::Submit { report: id.clone() });
    }
    for command in commands {
        if let Err(e) = app
            .core
            .submit(actor.clone(), Command::Intel(command))
            .await
        {
            return again(draft, Some(e.into()));
        }
    }
    Redirect::to(&format!("/intel/reports/{id}")).into_response()
}

/// A version's texts, for the side-by-side comparison.
pub struct Texts {
    title: Text,
    summary: Text,
    body: Text,
}

/// A line of the report's history or responses.
pub struct Line {
    when: When,
    who: String,
    what: String,
    comment: Option<Text>,
}

/// `GET /intel/reports/{id}`.
#[derive(Template)]
#[template(path = "intel_report.html", blocks = ["live"])]
pub struct ReportPage {
    t: I18n,
    frame: Frame,
    id: String,
    tlp: String,
    tlp_class: &'static str,
    strict: bool,
    title: Text,
    summary: Text,
    body: Text,
    stage: String,
    version: u32,
    originator: String,
    author: Option<String>,
    occurred: When,
    place: Option<String>,
    grading: String,
    releasable_to: String,
    recipients: String,
    missing: Option<String>,
    deadline: Option<When>,
    escalated: bool,
    attachments: Vec<(String, String, String)>,
    related: Vec<String>,
    /// The originator's text beside the released (sanitized) one.
    compare: Option<(Texts, Texts)>,
    history: Vec<Line>,
    responses: Vec<Line>,
    may_submit: bool,
    /// Where the originator revises or corrects the report, when it may.
    edit_href: Option<String>,
    may_withdraw: bool,
    may_vet: bool,
    may_acknowledge: bool,
    may_respond: bool,
    usefulness: Vec<Choice>,
    opinions: Vec<Choice>,
    now_local: String,
    problem: Option<Problem>,
}

fn texts(c: &fusioncell_domain::intel::ReportContent) -> Texts {
    Texts {
        title: (&c.title).into(),
        summary: (&c.summary).into(),
        body: (&c.body).into(),
    }
}

fn report_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &ReportId,
    problem: Option<Problem>,
) -> Result<ReportPage, ApiError> {
    view(app, visitor, |v, read| {
        let r = queries::report(v.state, Some(v.party()), id)?;
        let t = &v.t;
        let c = r.content;
        let current = r.released.last();
        let compare = current
            .filter(|rel| r.sees_working && rel.sanitized)
            .map(|rel| {
                let original = r
                    .versions
                    .iter()
                    .find(|x| x.version == rel.version)
                    .map(|x| &x.content)
                    .unwrap_or(c);
                (texts(original), texts(&rel.content))
            });
        let mut history: Vec<Line> = r
            .versions
            .iter()
            .map(|x| Line {
                when: When::new(t, x.at),
                who: x.by.to_string(),
                what: t.tr_args("intel-version-written", &[("version", x.version.into())]),
                comment: None,
            })
            .chain(r.vetting.iter().map(|s| Line {
                when: When::new(t, s.at),
                who: s.by.to_string(),
                what: {
                    let args = [("version", s.version.into())];
                    match s.decision {
                        "returned" => t.tr_args("intel-vet-returned", &args),
                        "sanitized" => t.tr_args("intel-vet-sanitized", &args),
                        _ => t.tr_args("intel-vet-approved", &args),
                    }
                },
                comment: s.comment.as_ref().map(Into::into),
            }))
            .chain(r.released.iter().map(|x| Line {
                when: When::new(t, x.at),
                who: x.by.to_string(),
                what: t.tr_args("intel-version-released", &[("version", x.version.into())]),
                comment: None,
            }))
            .collect();
        if let Some((at, why)) = r.withdrawn {
            history.push(Line {
                when: When::new(t, at),
                who: v.party_name(r.originator),
                what: t.tr("intel-stage-withdrawn"),
                comment: Some(why.into()),
            });
        }
        history.sort_by(|a, b| a.when.iso.cmp(&b.when.iso));
        let mut responses: Vec<Line> = r
            .acknowledgements
            .iter()
            .map(|(p, a)| Line {
                when: When::new(t, a.at),
                who: format!("{} · {}", v.party_name(p), a.by),
                what: if a.late {
                    t.tr("intel-acknowledged-late")
                } else {
                    t.tr("intel-acknowledged")
                },
                comment: None,
            })
            .chain(r.feedback.iter().map(|f| Line {
                when: When::new(t, f.at),
                who: format!("{} · {}", v.party_name(&f.party), f.by),
                what: usefulness_label(t, f.usefulness),
                comment: f.comment.as_ref().map(Into::into),
            }))
            .chain(r.corroborations.iter().map(|o| Line {
                when: When::new(t, o.at),
                who: format!("{} · {}", v.party_name(&o.party), o.by),
                what: opinion_label(t, o.opinion),
                comment: Some((&o.comment).into()),
            }))
            .chain(r.sightings.iter().map(|s| Line {
                when: When::new(t, s.at),
                who: format!("{} · {}", v.party_name(&s.party), s.by),
                what: t.tr_args("intel-sighting-line", &[("count", s.sighting.count.into())]),
                comment: s.sighting.note.as_ref().map(Into::into),
            }))
            .collect();
        responses.sort_by(|a, b| a.when.iso.cmp(&b.when.iso));
        let originator = authz::require_originator(v.user, r.originator, r.track).is_ok();
        let responder = authz::require_respond(v.user, r.originator).is_ok()
            && current.is_some()
            && r.stage != ReportStage::Withdrawn;
        let here = format!("/intel/reports/{id}");
        Ok(ReportPage {
            frame: v.frame(visitor, c.title.text.clone(), &here, last_index(read)),
            id: id.to_string(),
            tlp: format!("TLP:{}", c.tlp),
            tlp_class: tlp_class(c.tlp),
            strict: c.tlp.is_strict(),
            title: (&c.title).into(),
            summary: (&c.summary).into(),
            body: (&c.body).into(),
            stage: stage_label(t, r.stage),
            version: r.version,
            originator: v.party_name(r.originator),
            author: r.author.map(ToString::to_string),
            occurred: When::new(t, c.occurred_at),
            place: c.place.as_ref().map(|p| p.to_geojson().to_string()),
            grading: format!("{}{}", c.reliability.as_str(), c.credibility.grade()),
            releasable_to: if c.releasable_to.is_empty() {
                t.tr("intel-nobody")
            } else {
                v.party_list(&c.releasable_to)
            },
            recipients: v.party_list(r.recipients),
            missing: r
                .missing
                .as_ref()
                .filter(|m| !m.is_empty())
                .map(|m| v.party_list(m)),
            deadline: r
                .deadline
                .filter(|_| r.stage == ReportStage::Released)
                .map(|d| When::new(t, d)),
            escalated: r.escalated_at.is_some(),
            attachments: c
                .attachments
                .iter()
                .map(|a| (a.name.clone(), a.url.clone(), a.sha256.clone()))
                .collect(),
            related: c.related.iter().map(ToString::to_string).collect(),
            compare,
            history,
            responses,
            may_submit: originator && matches!(r.stage, ReportStage::Draft | ReportStage::Returned),
            edit_href: (originator
                && matches!(
                    r.stage,
                    ReportStage::Draft | ReportStage::Returned | ReportStage::Released
                ))
            .then(|| format!("/intel/reports/{id}/edit")),
            may_withdraw: originator && r.stage != ReportStage::Withdrawn,
            may_vet: r.stage == ReportStage::Submitted
                && r.sees_working
                && authz::require_vet(v.user, v.config).is_ok(),
            may_acknowledge: r.awaits_reader && responder,
            may_respond: responder,
            usefulness: [
                Usefulness::Useful,
                Usefulness::NotUseful,
                Usefulness::AlreadyKnown,
            ]
            .map(|u| Choice {
                value: crate::api::deescalation::views::name_of(&u),
                label: usefulness_label(t, u),
                selected: false,
            })
            .into(),
            opinions: Opinion::ALL
                .map(|o| Choice {
                    value: o.as_str().into(),
                    label: opinion_label(t, o),
                    selected: o == Opinion::Agree,
                })
                .into(),
            now_local: local_from(v.now),
            problem,
            t: v.t,
        })
    })
}

fn usefulness_label(t: &I18n, u: Usefulness) -> String {
    match u {
        Usefulness::Useful => t.tr("intel-useful"),
        Usefulness::NotUseful => t.tr("intel-not-useful"),
        Usefulness::AlreadyKnown => t.tr("intel-already-known"),
    }
}

fn opinion_label(t: &I18n, o: Opinion) -> String {
    match o {
        Opinion::StronglyDisagree => t.tr("intel-strongly-disagree"),
        Opinion::Disagree => t.tr("intel-disagree"),
        Opinion::Neutral => t.tr("intel-neutral"),
        Opinion::Agree => t.tr("intel-agree"),
        Opinion::StronglyAgree => t.tr("intel-strongly-agree"),
    }
}

/// `GET /intel/reports/{id}`: a report with its marking banner and the reader's actions.
pub async fn report(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page =
        path_id("report", &id, ReportId::new).and_then(|id| report_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `GET /intel/reports/{id}/live`: the report's acknowledgements and responses, for the script
/// to refresh.
pub async fn report_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page =
        path_id("report", &id, ReportId::new).and_then(|id| report_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// The command a form on the report page stands for.
fn command(report: &ReportId, action: &str, form: &FormData) -> Result<IntelCommand, ApiError> {
    let lang = form.get("lang").to_string();
    let text = |field: &str| TextView {
        lang: lang.clone(),
        text: form.get(field).to_string(),
    };
    let comment = || {
        Some(text("comment"))
            .filter(|c| !c.text.trim().is_empty())
            .map(Into::into)
    };
    let report = report.clone();
    Ok(match action {
        "submit" => IntelCommand::Submit { report },
        "acknowledge" => IntelCommand::Acknowledge { report },
        "withdraw" => IntelCommand::Withdraw {
            report,
            reason: text("comment").into(),
        },
        "vet" => {
            let body = crate::api::intel::views::VetBody {
                version: form.get("version").parse().unwrap_or(0),
                decision: form.get("decision").to_string(),
                comment: Some(text("comment")).filter(|c| !c.text.trim().is_empty()),
                sanitized: (form.get("decision") == "approve_sanitized").then(|| SanitizedView {
                    title: text("sanitized_title"),
                    summary: text("sanitized_summary"),
                    body: text("sanitized_body"),
                }),
            };
            IntelCommand::Vet {
                report,
                version: body.version,
                decision: vet_decision(&body)?,
            }
        }
        "feedback" => IntelCommand::Feedback {
            report,
            usefulness: crate::api::deescalation::views::parse_name(
                "usefulness",
                form.get("usefulness"),
            )?,
            comment: comment(),
        },
        "corroborate" => IntelCommand::Corroborate {
            report,
            opinion: Opinion::ALL
                .into_iter()
                .find(|o| o.as_str() == form.get("opinion"))
                .ok_or_else(|| ApiError::invalid("opinion", "is not an opinion"))?,
            comment: text("comment").into(),
        },
        "sighting" => {
            let first = form.get("first_seen");
            let body = SightingBody {
                count: form
                    .get("count")
                    .parse()
                    .map_err(|_| ApiError::invalid("count", "is not a whole number"))?,
                first_seen: utc_from_local(first),
                last_seen: None,
                place: None,
                note: Some(text("comment")).filter(|c| !c.text.trim().is_empty()),
            };
            IntelCommand::Sighting {
                report,
                sighting: body.to_sighting()?,
            }
        }
        _ => return Err(ApiError::not_found("action", action)),
    })
}

/// `POST /intel/reports/{id}/{action}`: submit, vet, acknowledge, feedback, corroborate,
/// sighting or withdraw, then back to the report (or the report with the refusal).
pub async fn act(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path((id, action)): Path<(String, String)>,
    form: FormData,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let report = match path_id("report", &id, ReportId::new) {
        Ok(r) => r,
        Err(e) => return error_page(&app, &visitor, &e),
    };
    let outcome = match command(&report, &action, &form) {
        Ok(c) => app
            .core
            .submit(
                Actor::User(visitor.caller.user.id.clone()),
                Command::Intel(c),
            )
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Redirect::to(&format!("/intel/reports/{report}")).into_response(),
        Err(e) => {
            let problem = Problem::new(&I18n(visitor.lang), &e, |_| None);
            match report_page(&app, &visitor, &report, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(&app, &visitor, &e),
            }
        }
    }
}
