//! The form to report an incident: when, where, what kind, what happened, the activity or zone it
//! concerns, and the parties it is shared with. Sent through the API's own function, so the
//! domain checks it exactly as for an integration; a refusal shows the form again, filled in, with
//! the field at fault.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fusioncell_domain::deescalation::IncidentCategory;
use fusioncell_domain::deescalation::queries::{self, ActivityFilter};
use serde::Deserialize;

use super::text::Describe;
use crate::api::deescalation::incidents::report_incident;
use crate::api::deescalation::views::{IncidentBody, name_of};
use crate::api::views::TextView;
use crate::app::AppState;
use crate::console::forms::{FormData, local_from, utc_from_local};
use crate::console::i18n::I18n;
use crate::console::pages::{error_page, last_index, page_or_error, render, view};
use crate::console::session::SignedIn;
use crate::console::view::{Choice, Frame, Problem, ProblemField, Viewer};
use crate::error::ApiError;

/// What `GET /incidents/new` may be told: the activity or zone the report is about, as the
/// links from their pages say.
#[derive(Debug, Default, Deserialize)]
pub struct About {
    /// An activity id.
    pub activity: Option<String>,
    /// A zone id.
    pub zone: Option<String>,
}

/// The form's fields as typed.
pub struct IncidentDraft {
    occurred_at: String,
    lon: String,
    lat: String,
    category: String,
    text: String,
    lang: String,
    activity: String,
    zone: String,
    shared_with: Vec<String>,
}

impl IncidentDraft {
    /// A fresh form: now, near the Golan, shared with every other party.
    fn new(v: &Viewer, about: About) -> IncidentDraft {
        IncidentDraft {
            occurred_at: local_from(v.now),
            lon: "35.80".into(),
            lat: "33.10".into(),
            category: name_of(&IncidentCategory::AirspaceViolation),
            text: String::new(),
            lang: v.writing_language(),
            activity: about.activity.unwrap_or_default(),
            zone: about.zone.unwrap_or_default(),
            shared_with: v
                .config
                .parties
                .iter()
                .filter(|p| p.id != *v.party())
                .map(|p| p.id.to_string())
                .collect(),
        }
    }

    fn from_form(form: &FormData) -> IncidentDraft {
        let get = |k: &str| form.get(k).trim().to_string();
        IncidentDraft {
            occurred_at: get("occurred_at"),
            lon: get("lon"),
            lat: get("lat"),
            category: get("category"),
            text: form.get("text").to_string(),
            lang: get("lang"),
            activity: get("activity"),
            zone: get("zone"),
            shared_with: form.all("shared_with"),
        }
    }

    /// The API's body for this draft; a refusal names the form's field.
    fn to_body(&self) -> Result<IncidentBody, ApiError> {
        let number = |field: &str, text: &str| -> Result<f64, ApiError> {
            text.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| ApiError::invalid(field, "is not a number"))
        };
        let chosen = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(IncidentBody {
            occurred_at: utc_from_local(&self.occurred_at),
            place: [number("lon", &self.lon)?, number("lat", &self.lat)?],
            category: self.category.clone(),
            description: TextView {
                lang: self.lang.clone(),
                text: self.text.clone(),
            },
            activity: chosen(&self.activity),
            zone: chosen(&self.zone),
            shared_with: Some(self.shared_with.clone()),
        })
    }
}

/// The form's input behind a field named in a refusal.
fn incident_field(t: &I18n, field: &str) -> Option<ProblemField> {
    let (id, label) = match field {
        "occurred_at" => ("field-occurred", t.tr("incident-occurred")),
        "lon" | "lat" | "place" => ("field-lon", t.tr("incident-place")),
        "category" => ("field-category", t.tr("incident-category")),
        "description.text" => ("field-text", t.tr("field-description")),
        "description.lang" => ("field-text-lang", t.tr("field-text-lang")),
        "activity" => ("field-activity", t.tr("incident-activity")),
        "zone" => ("field-zone", t.tr("incident-zone")),
        "shared_with" => ("field-shared-with", t.tr("incident-shared-with")),
        _ => return None,
    };
    Some(ProblemField {
        id: id.into(),
        label,
    })
}

/// `GET /incidents/new`, and the form shown again after a refusal.
#[derive(Template)]
#[template(path = "incident_new.html")]
pub struct ReportPage {
    t: I18n,
    frame: Frame,
    draft: IncidentDraft,
    categories: Vec<Choice>,
    languages: Vec<Choice>,
    activities: Vec<Choice>,
    zones: Vec<Choice>,
    parties: Vec<Choice>,
    problem: Option<Problem>,
}

fn report_page(
    app: &AppState,
    visitor: &SignedIn,
    draft: impl FnOnce(&Viewer) -> IncidentDraft,
    problem: Option<Problem>,
) -> Result<ReportPage, ApiError> {
    view(app, visitor, |v, read| {
        let d = Describe { v };
        let draft = draft(v);
        let none = |selected: &str| Choice {
            value: String::new(),
            label: v.t.tr("incident-concerns-none"),
            selected: selected.is_empty(),
        };
        let activities = std::iter::once(none(&draft.activity))
            .chain(
                queries::activities(v.state, Some(v.party()), &ActivityFilter::default(), v.now)
                    .into_iter()
                    .filter(|a| a.cancelled_at.is_none())
                    .map(|a| Choice {
                        value: a.id.to_string(),
                        label: d.activity(a),
                        selected: a.id.as_str() == draft.activity,
                    }),
            )
            .collect();
        let zones = std::iter::once(none(&draft.zone))
            .chain(
                queries::zones(v.state, Some(v.party()))
                    .into_iter()
                    .filter_map(|z| {
                        let version = z.current().or(z.latest())?;
                        Some(Choice {
                            value: z.id.to_string(),
                            label: d.zone(z, version),
                            selected: z.id.as_str() == draft.zone,
                        })
                    }),
            )
            .collect();
        Ok(ReportPage {
            frame: v.frame(
                visitor,
                v.t.tr("report-incident-heading"),
                "/incidents/new",
                last_index(read),
            ),
            categories: IncidentCategory::ALL
                .into_iter()
                .map(|c| Choice {
                    value: name_of(&c),
                    label: d.category(c),
                    selected: name_of(&c) == draft.category,
                })
                .collect(),
            languages: v.text_languages(&draft.lang),
            activities,
            zones,
            parties: v
                .config
                .parties
                .iter()
                .filter(|p| p.id != *v.party())
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: v.party_name(&p.id),
                    selected: draft.shared_with.iter().any(|s| s == p.id.as_str()),
                })
                .collect(),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /incidents/new`: the report form, about an activity or a zone if the link says so.
pub async fn new_form(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(about): Query<About>,
) -> Response {
    page_or_error(
        &app,
        &visitor,
        report_page(&app, &visitor, |v| IncidentDraft::new(v, about), None),
    )
}

/// `POST /incidents`: reports the incident and shows its page.
pub async fn report(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(&app, &visitor, &e);
    }
    let draft = IncidentDraft::from_form(&form);
    let outcome = match draft.to_body() {
        Ok(body) => report_incident(&app, &visitor.caller, &body).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(written) => Redirect::to(&format!("/incidents/{}", written.incident.id)).into_response(),
        Err(e) => {
            let t = I18n(visitor.lang);
            let problem = Problem::new(&t, &e, |f| incident_field(&t, f));
            match report_page(&app, &visitor, |_| draft, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(&app, &visitor, &e),
            }
        }
    }
}
