//! The commercial register in the console: the list with filters, an entry with its documents,
//! moves and comments and the moves the reader's party may make, the form for a new entry, and
//! the comment form. Writes go through the API's functions.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fusioncell_domain::authz::commercial as authz;
use fusioncell_domain::commercial::queries::{self, OpportunityFilter};
use fusioncell_domain::commercial::{CommercialCommand, Opportunity, OpportunityId, Sector, Stage};
use fusioncell_domain::{Command, LangText};
use serde::Deserialize;

use super::forms::FormData;
use super::i18n::I18n;
use super::pages::{create_from_form, error_page, last_index, page_or_error, render, view};
use super::session::{FragmentReader, SignedIn};
use super::view::{Choice, Frame, Problem, ProblemField, Text, Viewer, When};
use crate::api::commercial::{DocumentView, OpportunityBody, ValueView, submit};
use crate::api::views::{TextView, path_id};
use crate::app::AppState;
use crate::auth::random_id;
use crate::error::ApiError;

const SECTORS: [Sector; 9] = [
    Sector::Energy,
    Sector::Water,
    Sector::Agriculture,
    Sector::Trade,
    Sector::Transport,
    Sector::Tourism,
    Sector::Health,
    Sector::Technology,
    Sector::Other,
];

/// The register's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commercial", get(list).post(create))
        .route("/commercial-fragment", get(list_fragment))
        .route("/commercial/new", get(new_form))
        .route("/commercial/{id}", get(show))
        .route("/commercial/{id}/fragment", get(show_fragment))
        .route("/commercial/{id}/move", post(move_to))
        .route("/commercial/{id}/comments", post(comment))
}

fn sector_label(t: &I18n, s: Sector) -> String {
    match s {
        Sector::Energy => t.tr("sector-energy"),
        Sector::Water => t.tr("sector-water"),
        Sector::Agriculture => t.tr("sector-agriculture"),
        Sector::Trade => t.tr("sector-trade"),
        Sector::Transport => t.tr("sector-transport"),
        Sector::Tourism => t.tr("sector-tourism"),
        Sector::Health => t.tr("sector-health"),
        Sector::Technology => t.tr("sector-technology"),
        Sector::Other => t.tr("sector-other"),
    }
}

fn sector_name(s: Sector) -> &'static str {
    match s {
        Sector::Energy => "energy",
        Sector::Water => "water",
        Sector::Agriculture => "agriculture",
        Sector::Trade => "trade",
        Sector::Transport => "transport",
        Sector::Tourism => "tourism",
        Sector::Health => "health",
        Sector::Technology => "technology",
        Sector::Other => "other",
    }
}

fn stage_label(t: &I18n, s: Stage) -> String {
    match s {
        Stage::Proposed => t.tr("stage-proposed"),
        Stage::UnderReview => t.tr("stage-under-review"),
        Stage::Agreed => t.tr("stage-agreed"),
        Stage::InImplementation => t.tr("stage-in-implementation"),
        Stage::Done => t.tr("stage-done"),
        Stage::Declined => t.tr("stage-declined"),
    }
}

fn value_text(o: &Opportunity) -> String {
    let v = &o.draft.value;
    format!("{} – {} {}", v.min, v.max, v.currency)
}

/// Proposer and counterpart, the arrow pointing the reading direction's way.
fn between(v: &Viewer, o: &Opportunity) -> String {
    v.t.tr_args(
        "commercial-between",
        &[
            ("party", v.party_name(&o.proposer).into()),
            ("other", v.party_name(&o.draft.counterpart).into()),
        ],
    )
}

/// An entry in the list.
pub struct Row {
    href: String,
    title: Text,
    sector: String,
    stage: String,
    stage_class: &'static str,
    parties: String,
    value: String,
}

fn row(v: &Viewer, o: &Opportunity) -> Row {
    Row {
        href: format!("/commercial/{}", o.id),
        title: (&o.draft.title).into(),
        sector: sector_label(&v.t, o.draft.sector),
        stage: stage_label(&v.t, o.stage),
        stage_class: o.stage.name(),
        parties: between(v, o),
        value: value_text(o),
    }
}

/// `GET /commercial`.
#[derive(Template)]
#[template(path = "commercial.html", blocks = ["list"])]
pub struct ListPage {
    t: I18n,
    frame: Frame,
    fragment: String,
    stages: Vec<Choice>,
    sectors: Vec<Choice>,
    rows: Vec<Row>,
}

/// The list's query string.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    stage: Option<String>,
    sector: Option<String>,
}

fn choices<T: Copy>(
    t: &I18n,
    all: &[T],
    chosen: Option<&str>,
    name: impl Fn(T) -> &'static str,
    label: impl Fn(&I18n, T) -> String,
) -> Vec<Choice> {
    let mut list = vec![Choice {
        value: String::new(),
        label: t.tr("filter-any"),
        selected: chosen.unwrap_or_default().is_empty(),
    }];
    list.extend(all.iter().map(|x| Choice {
        value: name(*x).into(),
        label: label(t, *x),
        selected: chosen == Some(name(*x)),
    }));
    list
}

fn list_page(app: &AppState, visitor: &SignedIn, q: &ListQuery) -> Result<ListPage, ApiError> {
    let api = crate::api::commercial::OpportunityQuery {
        stage: q.stage.clone(),
        sector: q.sector.clone(),
        party: None,
    };
    let fragment = format!(
        "/commercial-fragment{}",
        super::pages::query_string(&[("stage", &q.stage), ("sector", &q.sector)])
    );
    api.to_filter().and_then(|filter: OpportunityFilter| {
        view(app, visitor, |v, read| {
            Ok(ListPage {
                frame: v.frame(
                    visitor,
                    v.t.tr("commercial-heading"),
                    "/commercial",
                    last_index(read),
                ),
                stages: choices(
                    &v.t,
                    &Stage::ALL,
                    q.stage.as_deref(),
                    Stage::name,
                    stage_label,
                ),
                sectors: choices(
                    &v.t,
                    &SECTORS,
                    q.sector.as_deref(),
                    sector_name,
                    sector_label,
                ),
                rows: queries::opportunities(v.state, Some(v.party()), &filter)
                    .into_iter()
                    .map(|o| row(v, o))
                    .collect(),
                fragment,
                t: v.t,
            })
        })
    })
}

/// `GET /commercial`: the entries the reader may see, with filters.
pub async fn list(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    page_or_error(&app, &visitor, list_page(&app, &visitor, &q))
}

/// `GET /commercial-fragment`: the list's live part.
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

/// What the new-entry form holds.
#[derive(Default)]
pub struct EntryDraft {
    sector: String,
    counterpart: String,
    title: String,
    description: String,
    min: String,
    max: String,
    currency: String,
    doc_title: String,
    doc_url: String,
    doc_sha256: String,
}

impl EntryDraft {
    fn from_form(form: &FormData) -> EntryDraft {
        EntryDraft {
            sector: form.get("sector").into(),
            counterpart: form.get("counterpart").into(),
            title: form.get("title").into(),
            description: form.get("description").into(),
            min: form.get("min").into(),
            max: form.get("max").into(),
            currency: form.get("currency").into(),
            doc_title: form.get("doc_title").into(),
            doc_url: form.get("doc_url").into(),
            doc_sha256: form.get("doc_sha256").into(),
        }
    }

    fn body(&self, lang: &str) -> Result<OpportunityBody, ApiError> {
        let text = |t: &str| TextView {
            lang: lang.into(),
            text: t.into(),
        };
        let amount = |field: &str, x: &str| {
            x.trim()
                .parse::<u64>()
                .map_err(|_| ApiError::invalid(field, "must be a whole number"))
        };
        let documents = if self.doc_url.trim().is_empty() {
            Vec::new()
        } else {
            vec![DocumentView {
                title: self.doc_title.clone(),
                url: self.doc_url.trim().into(),
                sha256: self.doc_sha256.trim().into(),
            }]
        };
        Ok(OpportunityBody {
            sector: self.sector.clone(),
            counterpart: self.counterpart.clone(),
            title: text(&self.title),
            description: text(&self.description),
            value: ValueView {
                min: amount("value.min", &self.min)?,
                max: amount("value.max", &self.max)?,
                currency: self.currency.trim().into(),
            },
            documents,
        })
    }
}

/// `GET /commercial/new`.
#[derive(Template)]
#[template(path = "commercial_new.html")]
pub struct NewPage {
    t: I18n,
    frame: Frame,
    sectors: Vec<Choice>,
    parties: Vec<Choice>,
    draft: EntryDraft,
    problem: Option<Problem>,
}

fn entry_field(t: &I18n, field: &str) -> Option<ProblemField> {
    let (id, key) = match field {
        "sector" => ("entry-sector", "commercial-sector"),
        "counterpart" => ("entry-counterpart", "commercial-counterpart"),
        f if f.starts_with("title") => ("entry-title", "commercial-title"),
        f if f.starts_with("description") => ("entry-description", "commercial-description"),
        f if f.starts_with("value") => ("entry-min", "commercial-value"),
        f if f.starts_with("documents") => ("entry-doc-url", "commercial-document"),
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
    draft: EntryDraft,
    problem: Option<Problem>,
) -> Result<NewPage, ApiError> {
    view(app, visitor, |v, read| {
        let mut sectors = choices(
            &v.t,
            &SECTORS,
            Some(&draft.sector),
            sector_name,
            sector_label,
        );
        sectors.remove(0);
        Ok(NewPage {
            frame: v.frame(
                visitor,
                v.t.tr("commercial-new"),
                "/commercial/new",
                last_index(read),
            ),
            sectors,
            parties: v
                .config
                .parties
                .iter()
                .filter(|p| &p.id != v.party() && !v.config.is_supervisor(&p.id))
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: v.party_name(&p.id),
                    selected: draft.counterpart == p.id.as_str(),
                })
                .collect(),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /commercial/new`: the form for a new entry.
pub async fn new_form(State(app): State<AppState>, visitor: SignedIn) -> Response {
    let draft = EntryDraft {
        currency: "USD".into(),
        ..Default::default()
    };
    page_or_error(&app, &visitor, new_page(&app, &visitor, draft, None))
}

/// `POST /commercial`: proposes an entry, then shows it (or the form with the refusal).
pub async fn create(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    let draft = EntryDraft::from_form(&form);
    let id = OpportunityId::new(&random_id("co-")).expect("random ids are valid");
    let command = draft
        .body(visitor.lang.code())
        .and_then(|b| b.to_draft())
        .map(|d| {
            Command::Commercial(CommercialCommand::Propose {
                opportunity: id.clone(),
                draft: d,
            })
        });
    create_from_form(
        &app,
        &visitor,
        &form,
        command,
        &format!("/commercial/{id}"),
        entry_field,
        |problem| new_page(&app, &visitor, draft, Some(problem)),
    )
    .await
}

/// A move or a comment, as shown.
pub struct Line {
    at: When,
    who: String,
    what: String,
    text: Option<Text>,
}

/// `GET /commercial/{id}`.
#[derive(Template)]
#[template(path = "commercial_entry.html", blocks = ["live"])]
pub struct EntryPage {
    t: I18n,
    frame: Frame,
    fragment: String,
    id: String,
    title: Text,
    description: Text,
    sector: String,
    stage: String,
    stage_class: &'static str,
    parties: String,
    value: String,
    documents: Vec<(String, String, String)>,
    moves: Vec<Line>,
    comments: Vec<Line>,
    next: Vec<Choice>,
    can_comment: bool,
    problem: Option<Problem>,
}

fn entry_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &OpportunityId,
    problem: Option<Problem>,
) -> Result<EntryPage, ApiError> {
    view(app, visitor, |v, read| {
        let t = &v.t;
        let o = queries::opportunity(v.state, Some(v.party()), id)?;
        let who = |p: &fusioncell_domain::PartyId, by: &fusioncell_domain::UserId| {
            format!("{} ({by})", v.party_name(p))
        };
        Ok(EntryPage {
            frame: v.frame(
                visitor,
                o.draft.title.text.clone(),
                &format!("/commercial/{id}"),
                last_index(read),
            ),
            fragment: format!("/commercial/{id}/fragment"),
            id: id.to_string(),
            title: (&o.draft.title).into(),
            description: (&o.draft.description).into(),
            sector: sector_label(t, o.draft.sector),
            stage: stage_label(t, o.stage),
            stage_class: o.stage.name(),
            parties: between(v, o),
            value: value_text(o),
            documents: o
                .draft
                .documents
                .iter()
                .map(|d| (d.url.clone(), d.title.clone(), d.sha256.clone()))
                .collect(),
            moves: o
                .moves
                .iter()
                .map(|m| Line {
                    at: When::new(t, m.at),
                    who: who(&m.party, &m.by),
                    what: stage_label(t, m.stage),
                    text: m.note.as_ref().map(Into::into),
                })
                .collect(),
            comments: o
                .comments
                .iter()
                .map(|c| Line {
                    at: When::new(t, c.at),
                    who: who(&c.party, &c.by),
                    what: String::new(),
                    text: Some((&c.text).into()),
                })
                .collect(),
            next: Stage::ALL
                .iter()
                .filter(|s| {
                    o.stage.can_move_to(**s)
                        && authz::require_move(v.user, &o.proposer, &o.draft.counterpart, **s)
                            .is_ok()
                })
                .map(|s| Choice {
                    value: s.name().into(),
                    label: stage_label(t, *s),
                    selected: false,
                })
                .collect(),
            can_comment: authz::require_comment(v.user).is_ok(),
            problem,
            t: v.t,
        })
    })
}

/// `GET /commercial/{id}`: an entry, its documents, moves and comments.
pub async fn show(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("opportunity", &id, OpportunityId::new)
        .and_then(|id| entry_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `GET /commercial/{id}/fragment`: the entry's live part.
pub async fn show_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("opportunity", &id, OpportunityId::new)
        .and_then(|id| entry_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// Runs a command on entry `id` from a form, then shows it (with the refusal, if any).
async fn act(
    app: &AppState,
    visitor: &SignedIn,
    id: &str,
    form: &FormData,
    make: impl FnOnce(OpportunityId, LangText) -> Result<CommercialCommand, ApiError>,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(app, visitor, &e);
    }
    let id = match path_id("opportunity", id, OpportunityId::new) {
        Ok(id) => id,
        Err(e) => return error_page(app, visitor, &e),
    };
    let text = LangText {
        lang: visitor.lang.code().into(),
        text: form.get("text").into(),
    };
    let outcome = match make(id.clone(), text) {
        Ok(c) => submit(&app.core, &visitor.caller, &id, c).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Redirect::to(&format!("/commercial/{id}")).into_response(),
        Err(e) => {
            let problem = Problem::new(&I18n(visitor.lang), &e, |_| None);
            match entry_page(app, visitor, &id, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(app, visitor, &e),
            }
        }
    }
}

/// `POST /commercial/{id}/move`: moves the entry to the stage the button names.
pub async fn move_to(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    let to = form.get("to").to_string();
    act(&app, &visitor, &id, &form, |opportunity, note| {
        Ok(CommercialCommand::Move {
            opportunity,
            to: crate::api::deescalation::views::parse_name("to", &to)?,
            note: Some(note).filter(|n| !n.text.trim().is_empty()),
        })
    })
    .await
}

/// `POST /commercial/{id}/comments`: adds a comment.
pub async fn comment(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    act(&app, &visitor, &id, &form, |opportunity, text| {
        Ok(CommercialCommand::Comment { opportunity, text })
    })
    .await
}
