//! Disputes in the console: the list with filters and the counts at a glance, the raise form,
//! and a dispute's page with its full history and the forms of the steps the reader's party may
//! take now. Writes go through the API's functions, so the domain decides as it does for
//! integrations; the pages refresh when the live stream reports a dispute event.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fusioncell_domain::authz::disputes as authz;
use fusioncell_domain::deescalation::queries as de_queries;
use fusioncell_domain::disputes::queries::{self, DisputeCounts, DisputeFilter};
use fusioncell_domain::disputes::{
    Dispute, DisputeCommand, DisputeEvent, DisputeId, DisputeStatus, Owed, RequestKind,
};
use fusioncell_domain::{LangText, PartyId};
use serde::Deserialize;

use super::forms::{FormData, utc_from_local};
use super::i18n::I18n;
use super::pages::{error_page, last_index, page_or_error, render, view};
use super::session::{FragmentReader, SignedIn};
use super::view::{Choice, Deadline, Frame, Problem, ProblemField, Text, Viewer, When};
use crate::api::disputes::views::{DisputeBody, EvidenceView, PointView};
use crate::api::disputes::{DisputeQuery, raise_dispute, submit};
use crate::api::views::{TextView, path_id};
use crate::app::AppState;
use crate::error::ApiError;

/// The dispute pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/disputes", get(list).post(raise))
        .route("/disputes-fragment", get(list_fragment))
        .route("/disputes/new", get(new_form))
        .route("/disputes/{id}", get(show))
        .route("/disputes/{id}/fragment", get(show_fragment))
        .route("/disputes/{id}/act", post(act))
}

/// What is owed, in the reader's language (also the dashboard's label).
pub fn step_label(t: &I18n, owed: Owed) -> String {
    match owed {
        Owed::Acknowledge => t.tr("dispute-owed-acknowledge"),
        Owed::Answer => t.tr("dispute-owed-answer"),
        Owed::Decide => t.tr("dispute-owed-decide"),
        Owed::Reply(n) => t.tr_args("dispute-owed-reply", &[("n", n.into())]),
        Owed::RespondToRuling => t.tr("dispute-owed-ruling"),
    }
}

fn status_label(t: &I18n, s: DisputeStatus) -> String {
    match s {
        DisputeStatus::Raised => t.tr("dispute-status-raised"),
        DisputeStatus::Acknowledged => t.tr("dispute-status-acknowledged"),
        DisputeStatus::Answered => t.tr("dispute-status-answered"),
        DisputeStatus::InMediation => t.tr("dispute-status-in-mediation"),
        DisputeStatus::Ruled => t.tr("dispute-status-ruled"),
        DisputeStatus::Resolved => t.tr("dispute-status-resolved"),
        DisputeStatus::Contested => t.tr("dispute-status-contested"),
    }
}

fn status_class(s: DisputeStatus) -> &'static str {
    match s {
        DisputeStatus::Raised => "raised",
        DisputeStatus::Acknowledged => "acknowledged",
        DisputeStatus::Answered => "answered",
        DisputeStatus::InMediation => "in_mediation",
        DisputeStatus::Ruled => "ruled",
        DisputeStatus::Resolved => "resolved",
        DisputeStatus::Contested => "contested",
    }
}

fn kind_label(t: &I18n, k: RequestKind) -> String {
    match k {
        RequestKind::Information => t.tr("dispute-kind-information"),
        RequestKind::Inspection => t.tr("dispute-kind-inspection"),
    }
}

/// One line of a history, in words.
fn history_line(t: &I18n, v: &Viewer, e: &DisputeEvent) -> String {
    match e {
        DisputeEvent::Raised { .. } => t.tr("dispute-history-raised"),
        DisputeEvent::Acknowledged { .. } => t.tr("dispute-history-acknowledged"),
        DisputeEvent::Answered { .. } => t.tr("dispute-history-answered"),
        DisputeEvent::AnswerAccepted { .. } => t.tr("dispute-history-accepted"),
        DisputeEvent::MediationRequested { .. } => t.tr("dispute-history-mediation"),
        DisputeEvent::InformationRequested { request, party, .. } => t.tr_args(
            "dispute-history-requested",
            &[
                ("n", (*request).into()),
                ("party", v.party_name(party).into()),
            ],
        ),
        DisputeEvent::InformationProvided { request, .. } => {
            t.tr_args("dispute-history-provided", &[("n", (*request).into())])
        }
        DisputeEvent::FindingsRecorded { .. } => t.tr("dispute-history-findings"),
        DisputeEvent::Ruled { .. } => t.tr("dispute-history-ruled"),
        DisputeEvent::RulingAnswered { accepted: true, .. } => {
            t.tr("dispute-history-ruling-accepted")
        }
        DisputeEvent::RulingAnswered { .. } => t.tr("dispute-history-ruling-contested"),
        DisputeEvent::Escalated { party, owed, .. } => t.tr_args(
            "dispute-history-escalated",
            &[
                ("party", v.party_name(party).into()),
                ("step", step_label(t, *owed).into()),
            ],
        ),
    }
}

/// A dispute in a list.
pub struct Row {
    href: String,
    title: Text,
    status: String,
    status_class: &'static str,
    track: String,
    parties: String,
    raised: When,
    next: Option<(String, Deadline)>,
    overdue: bool,
}

fn row(v: &Viewer, d: &Dispute) -> Row {
    let t = &v.t;
    Row {
        href: format!("/disputes/{}", d.id),
        title: (&d.draft.title).into(),
        status: status_label(t, d.status),
        status_class: status_class(d.status),
        track: v.track_name(&d.draft.track),
        parties: t.tr_args(
            "dispute-parties",
            &[
                ("party", v.party_name(&d.raiser).into()),
                ("other", v.party_name(d.respondent()).into()),
            ],
        ),
        raised: When::new(t, d.raised_at),
        next: d.obligations.first().map(|o| {
            (
                format!("{} · {}", v.party_name(&o.party), step_label(t, o.owed)),
                v.deadline(o.due, true),
            )
        }),
        overdue: d.overdue(v.now),
    }
}

/// The counts at a glance.
pub struct Glance {
    total: String,
    overdue: Option<String>,
    statuses: Vec<(String, &'static str, u64)>,
    tracks: Vec<(String, u64)>,
    months: Vec<(String, u64)>,
}

fn glance(v: &Viewer, c: &DisputeCounts) -> Glance {
    Glance {
        total: v.t.tr_args("dispute-total", &[("count", c.total.into())]),
        overdue: (c.overdue > 0).then(|| {
            v.t.tr_args("dispute-overdue-count", &[("count", c.overdue.into())])
        }),
        statuses: c
            .by_status
            .iter()
            .map(|(s, n)| (status_label(&v.t, *s), status_class(*s), *n))
            .collect(),
        tracks: c
            .by_track
            .iter()
            .map(|(tr, n)| (v.track_name(tr), *n))
            .collect(),
        months: c.by_month.iter().map(|(m, n)| (m.clone(), *n)).collect(),
    }
}

/// The list's filters as chosen.
pub struct Filters {
    statuses: Vec<Choice>,
    tracks: Vec<Choice>,
    overdue: bool,
}

/// `GET /disputes`.
#[derive(Template)]
#[template(path = "disputes.html", blocks = ["list"])]
pub struct ListPage {
    t: I18n,
    frame: Frame,
    fragment: String,
    filters: Filters,
    glance: Glance,
    rows: Vec<Row>,
}

/// The list's query string, as the filter form sends it.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    track: Option<String>,
    overdue: Option<String>,
}

impl ListQuery {
    fn api(&self) -> DisputeQuery {
        DisputeQuery {
            status: self.status.clone(),
            track: self.track.clone(),
            party: None,
            overdue: self.overdue.as_deref().map(|o| o == "yes"),
        }
    }

    fn search(&self) -> String {
        super::pages::query_string(&[
            ("status", &self.status),
            ("track", &self.track),
            ("overdue", &self.overdue),
        ])
    }
}

fn list_page(app: &AppState, visitor: &SignedIn, q: &ListQuery) -> Result<ListPage, ApiError> {
    let filter: DisputeFilter = q.api().to_filter()?;
    view(app, visitor, |v, read| {
        let t = &v.t;
        let chosen = |value: &Option<String>, x: &str| value.as_deref() == Some(x);
        let mut statuses = vec![Choice {
            value: String::new(),
            label: t.tr("filter-any"),
            selected: q.status.as_deref().unwrap_or_default().is_empty(),
        }];
        statuses.extend(DisputeStatus::ALL.iter().map(|s| Choice {
            value: status_class(*s).into(),
            label: status_label(t, *s),
            selected: chosen(&q.status, status_class(*s)),
        }));
        let mut tracks = vec![Choice {
            value: String::new(),
            label: t.tr("filter-any"),
            selected: q.track.as_deref().unwrap_or_default().is_empty(),
        }];
        tracks.extend(v.config.tracks.iter().map(|tr| Choice {
            value: tr.id.to_string(),
            label: v.track_name(&tr.id),
            selected: chosen(&q.track, tr.id.as_str()),
        }));
        Ok(ListPage {
            frame: v.frame(
                visitor,
                t.tr("disputes-heading"),
                "/disputes",
                last_index(read),
            ),
            fragment: format!("/disputes-fragment{}", q.search()),
            filters: Filters {
                statuses,
                tracks,
                overdue: q.overdue.as_deref() == Some("yes"),
            },
            glance: glance(v, &queries::counts(v.state, Some(v.party()), v.now)),
            rows: queries::disputes(v.state, Some(v.party()), &filter, v.now)
                .into_iter()
                .map(|d| row(v, d))
                .collect(),
            t: v.t,
        })
    })
}

/// `GET /disputes`: the disputes the reader may see, with filters and counts.
pub async fn list(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    page_or_error(&app, &visitor, list_page(&app, &visitor, &q))
}

/// `GET /disputes-fragment`: the list's live part.
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

/// A record the raiser may link.
pub struct EvidenceChoice {
    value: String,
    label: String,
    checked: bool,
}

/// What the raise form holds (kept when it is refused).
#[derive(Default)]
pub struct RaiseDraft {
    track: String,
    against: String,
    title: String,
    what: String,
    occurred_at: String,
    lon: String,
    lat: String,
    evidence: Vec<String>,
}

impl RaiseDraft {
    fn from_form(form: &FormData) -> RaiseDraft {
        RaiseDraft {
            track: form.get("track").into(),
            against: form.get("against").into(),
            title: form.get("title").into(),
            what: form.get("what").into(),
            occurred_at: form.get("occurred_at").into(),
            lon: form.get("lon").into(),
            lat: form.get("lat").into(),
            evidence: form.all("evidence"),
        }
    }

    fn body(&self, lang: &str) -> Result<DisputeBody, ApiError> {
        let text = |t: &str| TextView {
            lang: lang.into(),
            text: t.into(),
        };
        let place = match (self.lon.trim(), self.lat.trim()) {
            ("", "") => None,
            (lon, lat) => Some(PointView {
                kind: "Point".into(),
                coordinates: [
                    lon.parse()
                        .map_err(|_| ApiError::invalid("place.coordinates", "not a number"))?,
                    lat.parse()
                        .map_err(|_| ApiError::invalid("place.coordinates", "not a number"))?,
                ],
            }),
        };
        Ok(DisputeBody {
            track: self.track.clone(),
            against: self.against.clone(),
            title: text(&self.title),
            what: text(&self.what),
            occurred_at: utc_from_local(&self.occurred_at),
            place,
            evidence: self
                .evidence
                .iter()
                .filter_map(|e| e.split_once(':'))
                .map(|(kind, id)| EvidenceView {
                    kind: kind.into(),
                    id: id.into(),
                })
                .collect(),
        })
    }
}

/// `GET /disputes/new`.
#[derive(Template)]
#[template(path = "dispute_new.html")]
pub struct NewPage {
    t: I18n,
    frame: Frame,
    tracks: Vec<Choice>,
    parties: Vec<Choice>,
    evidence: Vec<EvidenceChoice>,
    draft: RaiseDraft,
    problem: Option<Problem>,
}

fn raise_field(t: &I18n, field: &str) -> Option<ProblemField> {
    let (id, key) = match field.split('.').next().unwrap_or(field) {
        "track" => ("dispute-track", "field-track"),
        "against" => ("dispute-against", "dispute-against"),
        "title" => ("dispute-title", "dispute-title"),
        "what" => ("dispute-what", "dispute-what"),
        "occurred_at" => ("dispute-occurred", "dispute-occurred"),
        "place" => ("dispute-lon", "dispute-place"),
        f if f.starts_with("evidence") => ("dispute-evidence", "dispute-evidence"),
        _ => return None,
    };
    Some(ProblemField {
        id: id.into(),
        label: t.tr(key),
    })
}

fn new_page(
    app: &AppState,
    visitor: &SignedIn,
    draft: RaiseDraft,
    problem: Option<Problem>,
) -> Result<NewPage, ApiError> {
    view(app, visitor, |v, read| {
        let t = &v.t;
        let reader = Some(v.party());
        let mut evidence: Vec<(String, String)> = de_queries::incidents(v.state, reader)
            .into_iter()
            .take(20)
            .map(|i| {
                (
                    format!("incident:{}", i.id),
                    format!(
                        "{} — {}",
                        t.tr("dispute-evidence-incident"),
                        i.report.description.text
                    ),
                )
            })
            .collect();
        evidence.extend(
            fusioncell_domain::queries::threads(v.state, reader, None)
                .into_iter()
                .take(10)
                .filter_map(|th| th.messages.last().map(|m| (th, m)))
                .map(|(th, m)| {
                    (
                        format!("message:{m}"),
                        format!("{} — {}", t.tr("dispute-evidence-message"), th.subject.text),
                    )
                }),
        );
        Ok(NewPage {
            frame: v.frame(
                visitor,
                t.tr("dispute-raise"),
                "/disputes/new",
                last_index(read),
            ),
            tracks: v
                .config
                .tracks
                .iter()
                .map(|tr| Choice {
                    value: tr.id.to_string(),
                    label: v.track_name(&tr.id),
                    selected: draft.track == tr.id.as_str(),
                })
                .collect(),
            parties: v
                .config
                .parties
                .iter()
                .filter(|p| &p.id != v.party() && !v.config.is_supervisor(&p.id))
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: v.party_name(&p.id),
                    selected: draft.against == p.id.as_str(),
                })
                .collect(),
            evidence: evidence
                .into_iter()
                .map(|(value, label)| EvidenceChoice {
                    checked: draft.evidence.contains(&value),
                    value,
                    label,
                })
                .collect(),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /disputes/new`: the raise form.
pub async fn new_form(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(
        &app,
        &visitor,
        new_page(&app, &visitor, RaiseDraft::default(), None),
    )
}

/// `POST /disputes`: raises a dispute, then shows it (or the form again with the refusal).
pub async fn raise(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let draft = RaiseDraft::from_form(&form);
    let outcome = match draft.body(visitor.lang.code()) {
        Ok(body) => raise_dispute(&app, &visitor.caller, body).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok((_, written)) => {
            Redirect::to(&format!("/disputes/{}", written.dispute.id)).into_response()
        }
        Err(e) => {
            let t = I18n(visitor.lang);
            let problem = Problem::new(&t, &e, |f| raise_field(&t, f));
            match new_page(&app, &visitor, draft, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(&app, &visitor, &e),
            }
        }
    }
}

/// A supervisor's request, as shown.
pub struct RequestItem {
    number: u32,
    party: String,
    kind: String,
    question: Text,
    asked: When,
    due: Deadline,
    reply: Option<(Text, When)>,
    can_reply: bool,
}

/// One step of the history.
pub struct HistoryItem {
    at: When,
    who: String,
    line: String,
    text: Option<Text>,
    record: String,
}

/// An open obligation.
pub struct OwedItem {
    label: String,
    deadline: Deadline,
    escalated: Option<When>,
}

/// What the reader's party may do now.
#[derive(Default)]
pub struct Actions {
    acknowledge: bool,
    answer: bool,
    decide: bool,
    mediate_early: bool,
    request: bool,
    findings: bool,
    rule: bool,
    answer_ruling: bool,
    request_parties: Vec<Choice>,
}

impl Actions {
    /// Whether the reader's party may take any step now.
    pub fn any(&self) -> bool {
        self.acknowledge
            || self.answer
            || self.decide
            || self.mediate_early
            || self.request
            || self.findings
            || self.rule
            || self.answer_ruling
    }
}

/// `GET /disputes/{id}`.
#[derive(Template)]
#[template(path = "dispute.html", blocks = ["live"])]
pub struct DisputePage {
    t: I18n,
    frame: Frame,
    fragment: String,
    id: String,
    title: Text,
    status: String,
    status_class: &'static str,
    track: String,
    parties: String,
    raised_by: String,
    raised: When,
    occurred: When,
    place: Option<String>,
    what: Text,
    evidence: Vec<(String, String)>,
    answer: Option<Text>,
    mediation_reason: Option<Text>,
    requests: Vec<RequestItem>,
    findings: Vec<Text>,
    ruling: Option<Text>,
    responses: Vec<String>,
    owed: Vec<OwedItem>,
    history: Vec<HistoryItem>,
    actions: Actions,
    problem: Option<Problem>,
}

fn text_of(e: &DisputeEvent) -> Option<&LangText> {
    match e {
        DisputeEvent::Answered { answer, .. } => Some(answer),
        DisputeEvent::MediationRequested { reason, .. } => Some(reason),
        DisputeEvent::InformationRequested { question, .. } => Some(question),
        DisputeEvent::InformationProvided { reply, .. } => Some(reply),
        DisputeEvent::FindingsRecorded { findings, .. } => Some(findings),
        DisputeEvent::Ruled { ruling, .. } => Some(ruling),
        DisputeEvent::RulingAnswered { reason, .. } => reason.as_ref(),
        _ => None,
    }
}

fn actions(v: &Viewer, d: &Dispute) -> Actions {
    let me = v.party();
    let owes = |owed| d.owes(me, owed).is_some();
    let liaison_of = |p: &PartyId| authz::require_step_of(v.user, p, "").is_ok();
    let mediator = authz::require_mediate(v.user, v.config).is_ok();
    let in_mediation = d.status == DisputeStatus::InMediation;
    Actions {
        acknowledge: liaison_of(d.respondent()) && d.status == DisputeStatus::Raised,
        answer: liaison_of(d.respondent()) && d.status == DisputeStatus::Acknowledged,
        decide: liaison_of(&d.raiser) && d.status == DisputeStatus::Answered,
        mediate_early: liaison_of(&d.raiser)
            && matches!(
                d.status,
                DisputeStatus::Raised | DisputeStatus::Acknowledged
            )
            && d.respondent_missed_a_deadline(),
        request: mediator && in_mediation,
        findings: mediator && in_mediation,
        rule: mediator && in_mediation && !d.findings.is_empty(),
        answer_ruling: owes(Owed::RespondToRuling)
            && liaison_of(me)
            && d.status == DisputeStatus::Ruled,
        request_parties: [&d.raiser, d.respondent()]
            .into_iter()
            .map(|p| Choice {
                value: p.to_string(),
                label: v.party_name(p),
                selected: false,
            })
            .collect(),
    }
}

fn dispute_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &DisputeId,
    problem: Option<Problem>,
) -> Result<DisputePage, ApiError> {
    view(app, visitor, |v, read| {
        let t = &v.t;
        let d = queries::dispute(v.state, Some(v.party()), id)?;
        let here = format!("/disputes/{id}");
        let me = v.party();
        Ok(DisputePage {
            frame: v.frame(visitor, d.draft.title.text.clone(), &here, last_index(read)),
            fragment: format!("{here}/fragment"),
            id: id.to_string(),
            title: (&d.draft.title).into(),
            status: status_label(t, d.status),
            status_class: status_class(d.status),
            track: v.track_name(&d.draft.track),
            parties: t.tr_args(
                "dispute-parties",
                &[
                    ("party", v.party_name(&d.raiser).into()),
                    ("other", v.party_name(d.respondent()).into()),
                ],
            ),
            raised_by: d.raised_by.to_string(),
            raised: When::new(t, d.raised_at),
            occurred: When::new(t, d.draft.occurred_at),
            place: d
                .draft
                .place
                .map(|p| format!("{:.5}, {:.5}", p.lat(), p.lon())),
            what: (&d.draft.what).into(),
            evidence: d
                .draft
                .evidence
                .iter()
                .map(|e| match e {
                    fusioncell_domain::disputes::Evidence::Message(m) => (
                        format!("/api/v1/messages/{m}"),
                        format!("{} {m}", t.tr("dispute-evidence-message")),
                    ),
                    fusioncell_domain::disputes::Evidence::Incident(i) => (
                        format!("/incidents/{i}"),
                        format!("{} {i}", t.tr("dispute-evidence-incident")),
                    ),
                    fusioncell_domain::disputes::Evidence::Activity(a) => (
                        format!("/activities/{a}"),
                        format!("{} {a}", t.tr("dispute-evidence-activity")),
                    ),
                })
                .collect(),
            answer: d.answer.as_ref().map(Into::into),
            mediation_reason: d.mediation_reason.as_ref().map(Into::into),
            requests: d
                .requests
                .iter()
                .map(|r| RequestItem {
                    number: r.number,
                    party: v.party_name(&r.party),
                    kind: kind_label(t, r.kind),
                    question: (&r.question).into(),
                    asked: When::new(t, r.asked_at),
                    due: v.deadline(r.due, r.reply.is_none()),
                    reply: r
                        .reply
                        .as_ref()
                        .map(|(text, at)| (text.into(), When::new(t, *at))),
                    can_reply: r.reply.is_none()
                        && d.status == DisputeStatus::InMediation
                        && authz::require_step_of(v.user, &r.party, "").is_ok()
                        && &r.party == me,
                })
                .collect(),
            findings: d.findings.iter().map(Into::into).collect(),
            ruling: d.ruling.as_ref().map(Into::into),
            responses: d
                .ruling_responses
                .iter()
                .map(|(p, r)| {
                    let party = [("party", v.party_name(p).into())];
                    if r.accepted {
                        t.tr_args("dispute-ruling-accepted-by", &party)
                    } else {
                        t.tr_args("dispute-ruling-contested-by", &party)
                    }
                })
                .collect(),
            owed: d
                .obligations
                .iter()
                .map(|o| OwedItem {
                    label: format!("{} · {}", v.party_name(&o.party), step_label(t, o.owed)),
                    deadline: v.deadline(o.due, true),
                    escalated: o.escalated_at.map(|at| When::new(t, at)),
                })
                .collect(),
            history: d
                .history
                .iter()
                .map(|h| HistoryItem {
                    at: When::new(t, h.at),
                    who: match &h.party {
                        Some(p) => format!("{} ({})", v.party_name(p), h.by),
                        None => t.tr("dispute-by-cell"),
                    },
                    line: history_line(t, v, &h.event),
                    text: text_of(&h.event).map(Into::into),
                    record: format!("/api/v1/log/receipts/{}", h.log_index),
                })
                .collect(),
            actions: actions(v, d),
            problem,
            t: v.t,
        })
    })
}

/// `GET /disputes/{id}`: a dispute, its deadlines, its full history and the reader's forms.
pub async fn show(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("dispute", &id, DisputeId::new)
        .and_then(|id| dispute_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `GET /disputes/{id}/fragment`: the page's live part.
pub async fn show_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("dispute", &id, DisputeId::new)
        .and_then(|id| dispute_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// The command a step form asks for.
fn command(dispute: DisputeId, form: &FormData, lang: &str) -> Result<DisputeCommand, ApiError> {
    let text = |field: &str| LangText {
        lang: lang.into(),
        text: form.get(field).into(),
    };
    let optional = |field: &str| Some(text(field)).filter(|t| !t.text.trim().is_empty());
    Ok(match form.get("step") {
        "acknowledge" => DisputeCommand::Acknowledge { dispute },
        "answer" => DisputeCommand::Answer {
            dispute,
            answer: text("text"),
        },
        "accept" => DisputeCommand::AcceptAnswer { dispute },
        "mediation" => DisputeCommand::RequestMediation {
            dispute,
            reason: text("text"),
        },
        "request" => DisputeCommand::RequestInformation {
            dispute,
            party: PartyId::new(form.get("party"))
                .ok_or_else(|| ApiError::invalid("party", "choose a party"))?,
            kind: if form.get("kind") == "inspection" {
                RequestKind::Inspection
            } else {
                RequestKind::Information
            },
            question: text("text"),
            due: None,
        },
        "reply" => DisputeCommand::ProvideInformation {
            dispute,
            request: form.get("request").parse().unwrap_or(0),
            reply: text("text"),
        },
        "findings" => DisputeCommand::RecordFindings {
            dispute,
            findings: text("text"),
        },
        "ruling" => DisputeCommand::Rule {
            dispute,
            ruling: text("text"),
        },
        "ruling-accept" | "ruling-contest" => DisputeCommand::AnswerRuling {
            dispute,
            accept: form.get("step") == "ruling-accept",
            reason: optional("text"),
        },
        other => return Err(ApiError::invalid("step", format!("no step `{other}`"))),
    })
}

/// `POST /disputes/{id}/act`: takes the step the form names, then shows the dispute (with the
/// refusal, if any).
pub async fn act(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let dispute = match path_id("dispute", &id, DisputeId::new) {
        Ok(d) => d,
        Err(e) => return error_page(&app, &visitor, &e),
    };
    let outcome = match command(dispute.clone(), &form, visitor.lang.code()) {
        Ok(c) => submit(&app.core, &visitor.caller, &dispute, c).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Redirect::to(&format!("/disputes/{dispute}")).into_response(),
        Err(e) => {
            let problem = Problem::new(&I18n(visitor.lang), &e, |_| None);
            match dispute_page(&app, &visitor, &dispute, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(&app, &visitor, &e),
            }
        }
    }
}
