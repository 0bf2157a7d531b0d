//! Commitments in the console: the list with filters, the timeline (a Gantt-like SVG across
//! every commitment, milestones coloured by status, overdue ones marked, a line for today),
//! a commitment's page with the forms the reader's role may use (approve, attest, verify), and
//! the calendar feed's link (made and revoked here).
//!
//! Writes go through the same domain commands as the API.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fusioncell_domain::commitments::queries::{self, CommitmentFilter};
use fusioncell_domain::commitments::{
    Commitment, CommitmentId, CommitmentStatus, CommitmentsCommand, Evidence, MilestoneId,
    MilestoneStatus, Step,
};
use fusioncell_domain::{Actor, Command, LangText, PartyId, Timestamp, authz};
use serde::Deserialize;

use super::forms::FormData;
use super::i18n::I18n;
use super::pages::{error_page, last_index, page_or_error, render, view};
use super::session::{FragmentReader, SignedIn};
use super::view::{Frame, Problem, Text, Viewer, When};
use crate::app::AppState;
use crate::error::ApiError;

/// The commitments pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/commitments",
            get(list).post(super::commitment_new::create),
        )
        .route("/commitments/new", get(super::commitment_new::new_form))
        .route("/commitments-fragment", get(list_fragment))
        .route("/timeline", get(timeline))
        .route("/timeline/fragment", get(timeline_fragment))
        .route("/commitments/{id}", get(show))
        .route("/commitments/{id}/fragment", get(show_fragment))
        .route("/commitments/{id}/approve", post(approve))
        .route("/commitments/{id}/milestones/{m}/attest", post(attest))
        .route("/commitments/{id}/milestones/{m}/verify", post(verify))
        .route("/calendar/token", post(new_feed))
        .route("/calendar/revoke", post(revoke_feed))
}

/// A commitment in a list.
pub struct Row {
    href: String,
    title: Text,
    owner: String,
    beneficiary: String,
    track: String,
    status: String,
    overdue: bool,
    next_due: Option<When>,
}

fn status_label(t: &I18n, s: CommitmentStatus) -> String {
    match s {
        CommitmentStatus::Proposed => t.tr("commitment-status-proposed"),
        CommitmentStatus::InForce => t.tr("commitment-status-in_force"),
        CommitmentStatus::Completed => t.tr("commitment-status-completed"),
    }
}

fn milestone_label(t: &I18n, s: MilestoneStatus) -> String {
    match s {
        MilestoneStatus::Open => t.tr("milestone-status-open"),
        MilestoneStatus::Attested => t.tr("milestone-status-attested"),
        MilestoneStatus::Verified => t.tr("milestone-status-verified"),
    }
}

fn row(v: &Viewer, c: &Commitment) -> Row {
    let shown = c.shown();
    Row {
        href: format!("/commitments/{}", c.id),
        title: (&shown.title).into(),
        owner: v.party_name(&c.owner),
        beneficiary: v.party_name(&c.beneficiary),
        track: v.track_name(&c.track),
        status: status_label(&v.t, c.status()),
        overdue: c.any_overdue(v.now),
        next_due: shown
            .milestones
            .iter()
            .filter(|m| c.milestone_status(&m.id) != MilestoneStatus::Verified)
            .map(|m| m.due)
            .min()
            .map(|d| When::new(&v.t, d)),
    }
}

/// An option of a filter's select.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// List filters from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    owner: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
}

/// `GET /commitments`.
#[derive(Template)]
#[template(path = "commitments.html", blocks = ["live"])]
pub struct ListPage {
    t: I18n,
    frame: Frame,
    /// Where the script fetches the live part (the table) from.
    fragment: String,
    rows: Vec<Row>,
    owners: Vec<Choice>,
    statuses: Vec<Choice>,
    overdue_only: bool,
    /// Whether the reader may propose a commitment (the form's link is shown).
    can_propose: bool,
    feed: Feed,
}

/// The calendar feed panel: when the link was made, and the link itself right after.
pub struct Feed {
    since: Option<When>,
    url: Option<String>,
}

async fn feed(app: &AppState, visitor: &SignedIn, url: Option<String>) -> Result<Feed, ApiError> {
    let created = app
        .store
        .feed_token_created(visitor.caller.user.id.as_str())
        .await
        .map_err(ApiError::storage)?;
    Ok(Feed {
        since: created.map(|ms| When::new(&I18n(visitor.lang), Timestamp(ms))),
        url,
    })
}

async fn list_page(
    app: &AppState,
    visitor: &SignedIn,
    q: ListQuery,
    url: Option<String>,
) -> Result<ListPage, ApiError> {
    let feed = feed(app, visitor, url).await?;
    view(app, visitor, |v, read| {
        let filter = CommitmentFilter {
            owner: q.owner.as_deref().and_then(PartyId::new),
            status: q.status.as_deref().and_then(CommitmentStatus::parse),
            overdue: (q.overdue.as_deref() == Some("1")).then_some(true),
            ..CommitmentFilter::default()
        };
        let rows = queries::commitments(v.state, Some(v.party()), &filter, v.now)
            .into_iter()
            .map(|c| row(v, c))
            .collect();
        let choice = |value: &str, label: String, current: Option<&str>| Choice {
            selected: current == Some(value),
            value: value.into(),
            label,
        };
        Ok(ListPage {
            frame: v.frame(
                visitor,
                v.t.tr("commitments-title"),
                "/commitments",
                last_index(read),
            ),
            fragment: format!(
                "/commitments-fragment{}",
                super::pages::query_string(&[
                    ("owner", &q.owner),
                    ("status", &q.status),
                    ("overdue", &q.overdue),
                ])
            ),
            rows,
            owners: v
                .config
                .parties
                .iter()
                .map(|p| choice(p.id.as_str(), v.party_name(&p.id), q.owner.as_deref()))
                .collect(),
            statuses: [
                CommitmentStatus::Proposed,
                CommitmentStatus::InForce,
                CommitmentStatus::Completed,
            ]
            .into_iter()
            .map(|s| choice(s.as_str(), status_label(&v.t, s), q.status.as_deref()))
            .collect(),
            overdue_only: filter.overdue == Some(true),
            can_propose: authz::commitments::require_propose(v.user, v.config, None).is_ok(),
            feed,
            t: v.t,
        })
    })
}

/// `GET /commitments`: the list with filters, and the calendar feed panel.
pub async fn list(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    page_or_error(&app, &visitor, list_page(&app, &visitor, q, None).await)
}

/// `GET /commitments-fragment`: the list's live part, filtered as the page is.
pub async fn list_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Query(q): Query<ListQuery>,
) -> Response {
    match list_page(&app, &visitor, q, None).await {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// `POST /calendar/token`: makes a new feed link (revoking the old) and shows it once.
pub async fn new_feed(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let made = crate::api::calendar::new_token(&app, &visitor.caller.user.id).await;
    let page = match made {
        Ok(token) => list_page(&app, &visitor, ListQuery::default(), Some(token.url)).await,
        Err(e) => Err(e),
    };
    page_or_error(&app, &visitor, page)
}

/// `POST /calendar/revoke`: revokes the feed link.
pub async fn revoke_feed(
    State(app): State<AppState>,
    visitor: SignedIn,
    form: FormData,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    match app
        .store
        .delete_feed_token(visitor.caller.user.id.as_str())
        .await
    {
        Ok(_) => Redirect::to("/commitments").into_response(),
        Err(e) => error_page(&app, &visitor, &ApiError::storage(e)),
    }
}

/// Geometry of the timeline, in SVG user units.
const WIDTH: i64 = 1000;
const LABELS: i64 = 280;
const RIGHT: i64 = 980;
const ROW: i64 = 36;
const HEAD: i64 = 34;
const DAY: i64 = 86_400_000;
/// Intervals between dates on the axis (one more date than this is drawn).
const TICKS: i64 = 4;

/// A commitment's row in the timeline.
pub struct Bar {
    href: String,
    /// The title, shortened to fit the label column.
    title: Text,
    /// The title in full, for the tooltip.
    full_title: String,
    y: i64,
    text_y: i64,
    x: i64,
    width: i64,
    marks: Vec<Mark>,
}

/// Longest label in the timeline's label column, in characters.
const LABEL_CHARS: usize = 40;

/// `text` cut to [`LABEL_CHARS`], with an ellipsis when cut.
fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A milestone on the timeline.
pub struct Mark {
    points: String,
    class: &'static str,
    label: String,
}

/// A date on the axis.
pub struct Tick {
    x: i64,
    label: String,
    /// The label's anchor, so the first and last stay inside the chart.
    anchor: &'static str,
}

/// `GET /timeline`.
#[derive(Template)]
#[template(path = "timeline.html", blocks = ["live"])]
pub struct TimelinePage {
    t: I18n,
    frame: Frame,
    height: i64,
    width: i64,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
    today: i64,
    chart_end: i64,
    axis_y: i64,
}

/// Where the milestone of status `s` sits in the legend and the chart.
fn mark_class(
    c: &Commitment,
    m: &fusioncell_domain::commitments::MilestoneDraft,
    now: Timestamp,
) -> &'static str {
    if c.is_overdue(m, now) {
        return "ms-overdue";
    }
    match (c.in_force.is_some(), c.milestone_status(&m.id)) {
        (false, _) => "ms-proposed",
        (true, MilestoneStatus::Open) => "ms-open",
        (true, MilestoneStatus::Attested) => "ms-attested",
        (true, MilestoneStatus::Verified) => "ms-verified",
    }
}

/// Every commitment's milestones on one time axis.
fn timeline_page(app: &AppState, visitor: &SignedIn) -> Result<TimelinePage, ApiError> {
    view(app, visitor, |v, read| {
        let list = queries::commitments(
            v.state,
            Some(v.party()),
            &CommitmentFilter::default(),
            v.now,
        );
        let dues = list
            .iter()
            .flat_map(|c| c.shown().milestones.iter().map(|m| m.due.millis()));
        let starts = list.iter().map(|c| c.versions[0].proposed_at.millis());
        let from = starts
            .chain(dues.clone())
            .chain([v.now.millis()])
            .min()
            .unwrap_or(0)
            - 7 * DAY;
        let to = dues.chain([v.now.millis()]).max().unwrap_or(0) + 7 * DAY;
        let span = (to - from).max(DAY);
        let x = |t: i64| LABELS + (t - from) * (RIGHT - LABELS) / span;
        let bars = list
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let shown = c.shown();
                let y = HEAD + i as i64 * ROW;
                let first_due = shown.milestones.iter().map(|m| x(m.due.millis())).min();
                let start = first_due.map_or(x(c.versions[0].proposed_at.millis()), |d| {
                    d.min(x(c.versions[0].proposed_at.millis()))
                });
                let end = shown
                    .milestones
                    .iter()
                    .map(|m| x(m.due.millis()))
                    .max()
                    .unwrap_or(start);
                Bar {
                    href: format!("/commitments/{}", c.id),
                    title: Text {
                        lang: shown.title.lang.clone(),
                        text: shorten(&shown.title.text),
                    },
                    full_title: shown.title.text.clone(),
                    y: y + ROW / 2 - 4,
                    text_y: y + ROW / 2 + 5,
                    x: start,
                    width: (end - start).max(2),
                    marks: shown
                        .milestones
                        .iter()
                        .map(|m| {
                            let (mx, my) = (x(m.due.millis()), y + ROW / 2);
                            Mark {
                                points: format!(
                                    "{},{} {},{} {},{} {},{}",
                                    mx,
                                    my - 9,
                                    mx + 9,
                                    my,
                                    mx,
                                    my + 9,
                                    mx - 9,
                                    my
                                ),
                                class: mark_class(c, m, v.now),
                                label: format!(
                                    "{} — {} — {}",
                                    m.title.text,
                                    v.t.date_time(m.due),
                                    if c.is_overdue(m, v.now) {
                                        v.t.tr("milestone-overdue")
                                    } else {
                                        milestone_label(&v.t, c.milestone_status(&m.id))
                                    }
                                ),
                            }
                        })
                        .collect(),
                }
            })
            .collect::<Vec<_>>();
        let height = HEAD + bars.len().max(1) as i64 * ROW + 10;
        let ticks = (0..=TICKS)
            .map(|k| {
                let t = from + span * k / TICKS;
                Tick {
                    x: x(t),
                    label: v.t.date(Timestamp(t)),
                    anchor: match k {
                        0 => "start",
                        TICKS => "end",
                        _ => "middle",
                    },
                }
            })
            .collect();
        Ok(TimelinePage {
            frame: v.frame(
                visitor,
                v.t.tr("timeline-title"),
                "/timeline",
                last_index(read),
            ),
            height,
            width: WIDTH,
            bars,
            ticks,
            today: x(v.now.millis()),
            chart_end: height - 10,
            axis_y: HEAD - 14,
            t: v.t,
        })
    })
}

/// `GET /timeline`.
pub async fn timeline(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(&app, &visitor, timeline_page(&app, &visitor))
}

/// `GET /timeline/fragment`: the timeline's live part.
pub async fn timeline_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
) -> Response {
    match timeline_page(&app, &visitor) {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// One step of a milestone's history, in words.
pub struct StepItem {
    when: When,
    text: String,
    note: Option<Text>,
    links: Vec<String>,
}

/// A milestone on a commitment's page, with the forms the reader may use on it.
pub struct MilestoneItem {
    id: String,
    title: Text,
    due: When,
    status: String,
    class: &'static str,
    overdue: bool,
    history: Vec<StepItem>,
    can_attest: bool,
    can_verify: bool,
}

/// A version of the text.
pub struct VersionItem {
    version: u32,
    title: Text,
    state: String,
    approved_by: String,
    awaiting: String,
    proposed: When,
    proposed_by: String,
}

/// `GET /commitments/{id}`.
#[derive(Template)]
#[template(path = "commitment.html", blocks = ["live"])]
pub struct CommitmentPage {
    t: I18n,
    frame: Frame,
    /// Where the script fetches the live part from.
    fragment: String,
    id: String,
    title: Text,
    owner: String,
    beneficiary: String,
    track: String,
    status: String,
    milestones: Vec<MilestoneItem>,
    versions: Vec<VersionItem>,
    /// The version the reader's party may approve, and the button's label.
    approve: Option<(u32, String)>,
    languages: Vec<String>,
    problem: Option<Problem>,
}

fn step_item(v: &Viewer, s: &Step) -> StepItem {
    let t = &v.t;
    match s {
        Step::Attested {
            by,
            at,
            evidence,
            late,
        } => StepItem {
            when: When::new(t, *at),
            text: format!(
                "{} ({by}){}",
                t.tr("step-attested"),
                if *late {
                    format!(" — {}", t.tr("step-late"))
                } else {
                    String::new()
                }
            ),
            note: Some((&evidence.text).into()),
            links: evidence.links.clone(),
        },
        Step::Verified { by, at } => StepItem {
            when: When::new(t, *at),
            text: format!("{} ({by})", t.tr("step-verified")),
            note: None,
            links: vec![],
        },
        Step::NotVerified { by, at, reason } => StepItem {
            when: When::new(t, *at),
            text: format!("{} ({by})", t.tr("step-not-verified")),
            note: Some(reason.into()),
            links: vec![],
        },
        Step::Overdue { at, .. } => StepItem {
            when: When::new(t, *at),
            text: t.tr("step-overdue"),
            note: None,
            links: vec![],
        },
    }
}

fn commitment_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &CommitmentId,
    problem: Option<Problem>,
) -> Result<CommitmentPage, ApiError> {
    view(app, visitor, |v, read| {
        let c = queries::commitment(v.state, Some(v.party()), id)?;
        let shown = c.shown();
        let can_attest = authz::commitments::require_attest(v.user, &c.owner).is_ok();
        let can_verify = authz::commitments::require_verify(v.user, v.config).is_ok();
        let here = format!("/commitments/{id}");
        Ok(CommitmentPage {
            frame: v.frame(visitor, shown.title.text.clone(), &here, last_index(read)),
            fragment: format!("/commitments/{id}/fragment"),
            id: id.to_string(),
            title: (&shown.title).into(),
            owner: v.party_name(&c.owner),
            beneficiary: v.party_name(&c.beneficiary),
            track: v.track_name(&c.track),
            status: status_label(&v.t, c.status()),
            milestones: shown
                .milestones
                .iter()
                .map(|m| {
                    let status = c.milestone_status(&m.id);
                    MilestoneItem {
                        id: m.id.to_string(),
                        title: (&m.title).into(),
                        due: When::new(&v.t, m.due),
                        status: milestone_label(&v.t, status),
                        class: mark_class(c, m, v.now),
                        overdue: c.is_overdue(m, v.now),
                        history: c
                            .progress
                            .get(&m.id)
                            .map(|p| p.history.iter().map(|s| step_item(v, s)).collect())
                            .unwrap_or_default(),
                        can_attest: can_attest
                            && c.in_force.is_some()
                            && status == MilestoneStatus::Open,
                        can_verify: can_verify
                            && c.in_force.is_some()
                            && status == MilestoneStatus::Attested,
                    }
                })
                .collect(),
            versions: c
                .versions
                .iter()
                .rev()
                .map(|ver| VersionItem {
                    version: ver.version,
                    title: (&ver.title).into(),
                    state: if c.in_force == Some(ver.version) {
                        v.t.tr("commitment-status-in_force")
                    } else if c.pending().is_some_and(|p| p.version == ver.version) {
                        v.t.tr("commitment-version-pending")
                    } else {
                        v.t.tr("commitment-version-past")
                    },
                    approved_by: v.party_list(ver.approvals.keys()),
                    awaiting: v.party_list(&ver.awaiting()),
                    proposed: When::new(&v.t, ver.proposed_at),
                    proposed_by: ver.proposed_by.to_string(),
                })
                .collect(),
            approve: c
                .pending()
                .filter(|p| {
                    p.awaiting().contains(v.party())
                        && authz::commitments::require_approve(v.user, &p.approvers).is_ok()
                })
                .map(|p| {
                    let label =
                        v.t.tr_args("commitment-approve", &[("version", p.version.into())]);
                    (p.version, label)
                }),
            languages: v.config.languages.clone(),
            problem,
            t: v.t,
        })
    })
}

/// `GET /commitments/{id}`: versions, milestones and their history, with the reader's forms.
pub async fn show(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = crate::api::views::path_id("commitment", &id, CommitmentId::new)
        .and_then(|id| commitment_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `GET /commitments/{id}/fragment`: the commitment page's live part.
pub async fn show_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page = crate::api::views::path_id("commitment", &id, CommitmentId::new)
        .and_then(|id| commitment_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// Runs `command` for the visitor from a form, then shows the commitment again (with the
/// refusal, if any).
async fn act(
    app: &AppState,
    visitor: &SignedIn,
    form: &FormData,
    id: &str,
    command: impl FnOnce(CommitmentId) -> Result<CommitmentsCommand, ApiError>,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(app, visitor, &e);
    }
    let id = match crate::api::views::path_id("commitment", id, CommitmentId::new) {
        Ok(id) => id,
        Err(e) => return error_page(app, visitor, &e),
    };
    let outcome = match command(id.clone()) {
        Ok(c) => app
            .core
            .submit(
                Actor::User(visitor.caller.user.id.clone()),
                Command::Commitments(c),
            )
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Redirect::to(&format!("/commitments/{id}")).into_response(),
        Err(e) => {
            let problem = Problem::new(&I18n(visitor.lang), &e, |_| None);
            match commitment_page(app, visitor, &id, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(_) => error_page(app, visitor, &e),
            }
        }
    }
}

fn milestone_id(m: &str) -> Result<MilestoneId, ApiError> {
    crate::api::views::path_id("milestone", m, MilestoneId::new)
}

fn lang_text(form: &FormData, field: &str) -> LangText {
    LangText {
        lang: form.get(&format!("{field}_lang")).to_string(),
        text: form.get(field).to_string(),
    }
}

/// `POST /commitments/{id}/approve`.
pub async fn approve(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    let version = form.get("version").parse().unwrap_or(0);
    act(&app, &visitor, &form, &id, |commitment| {
        Ok(CommitmentsCommand::Approve {
            commitment,
            version,
        })
    })
    .await
}

/// `POST /commitments/{id}/milestones/{m}/attest`.
pub async fn attest(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path((id, m)): Path<(String, String)>,
    form: FormData,
) -> Response {
    let links = form
        .get("links")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let evidence = Evidence {
        text: lang_text(&form, "evidence"),
        links,
    };
    act(&app, &visitor, &form, &id, |commitment| {
        Ok(CommitmentsCommand::Attest {
            commitment,
            milestone: milestone_id(&m)?,
            evidence,
        })
    })
    .await
}

/// `POST /commitments/{id}/milestones/{m}/verify`.
pub async fn verify(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path((id, m)): Path<(String, String)>,
    form: FormData,
) -> Response {
    let verified = form.get("verdict") == "verified";
    let reason = (!verified).then(|| lang_text(&form, "reason"));
    act(&app, &visitor, &form, &id, |commitment| {
        Ok(CommitmentsCommand::Verify {
            commitment,
            milestone: milestone_id(&m)?,
            verified,
            reason,
        })
    })
    .await
}
