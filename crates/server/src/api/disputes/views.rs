//! What the dispute API returns and accepts. Times are RFC 3339, places GeoJSON points.

use std::collections::BTreeMap;

use fusioncell_domain::deescalation::{ActivityId, Coord7, IncidentId};
use fusioncell_domain::disputes::queries::DisputeCounts;
use fusioncell_domain::disputes::{Dispute, DisputeDraft, Evidence, Owed};
use fusioncell_domain::{MessageId, PartyId, Timestamp, TrackId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::deescalation::views::{coord, name_of, parse_time};
use crate::api::views::{RecordRef, TextView, parse_id};
use crate::error::ApiError;

fn time(t: Timestamp) -> String {
    t.to_rfc3339()
}

/// A GeoJSON Point, `{"type": "Point", "coordinates": [lon, lat]}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointView {
    /// Always `Point`.
    #[serde(rename = "type")]
    #[schema(example = "Point")]
    pub kind: String,
    /// `[longitude, latitude]` in degrees.
    pub coordinates: [f64; 2],
}

impl From<Coord7> for PointView {
    fn from(c: Coord7) -> PointView {
        PointView {
            kind: "Point".into(),
            coordinates: [c.lon(), c.lat()],
        }
    }
}

/// A linked record: `message`, `incident` or `activity`, and its id.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceView {
    /// `message`, `incident` or `activity`.
    #[schema(example = "incident")]
    pub kind: String,
    /// The record's id.
    pub id: String,
}

impl EvidenceView {
    fn to_evidence(&self, field: &str) -> Result<Evidence, ApiError> {
        let field = format!("{field}.id");
        match self.kind.as_str() {
            "message" => Ok(Evidence::Message(parse_id(
                &field,
                &self.id,
                MessageId::new,
            )?)),
            "incident" => Ok(Evidence::Incident(parse_id(
                &field,
                &self.id,
                IncidentId::new,
            )?)),
            "activity" => Ok(Evidence::Activity(parse_id(
                &field,
                &self.id,
                ActivityId::new,
            )?)),
            other => Err(ApiError::invalid(
                &field.replace(".id", ".kind"),
                format!("`{other}` is not one of message, incident, activity"),
            )),
        }
    }
}

impl From<&Evidence> for EvidenceView {
    fn from(e: &Evidence) -> EvidenceView {
        let (kind, id) = match e {
            Evidence::Message(m) => ("message", m.to_string()),
            Evidence::Incident(i) => ("incident", i.to_string()),
            Evidence::Activity(a) => ("activity", a.to_string()),
        };
        EvidenceView {
            kind: kind.into(),
            id,
        }
    }
}

/// A new dispute.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeBody {
    /// The track, e.g. `de-escalation`.
    pub track: String,
    /// The party it is raised against.
    pub against: String,
    /// A short title.
    pub title: TextView,
    /// What happened.
    pub what: TextView,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// Where, if somewhere.
    pub place: Option<PointView>,
    /// Records you can see that support it.
    #[serde(default)]
    pub evidence: Vec<EvidenceView>,
}

impl DisputeBody {
    /// The domain draft; 422 naming a bad field.
    pub fn to_draft(self) -> Result<DisputeDraft, ApiError> {
        let place = match &self.place {
            None => None,
            Some(p) if p.kind == "Point" => Some(coord("place.coordinates", p.coordinates)?),
            Some(_) => return Err(ApiError::invalid("place.type", "must be `Point`")),
        };
        Ok(DisputeDraft {
            track: parse_id("track", &self.track, TrackId::new)?,
            against: parse_id("against", &self.against, PartyId::new)?,
            title: self.title.into(),
            what: self.what.into(),
            occurred_at: parse_time("occurred_at", &self.occurred_at)?,
            place,
            evidence: self
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| e.to_evidence(&format!("evidence[{i}]")))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A text for a step: an answer, a reason, a reply, findings, a ruling.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    /// The text.
    pub text: TextView,
}

/// A request of the supervisor to a party.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// The party asked (the raiser or the respondent).
    pub party: String,
    /// `information` or `inspection`.
    #[schema(example = "information")]
    pub kind: String,
    /// What is asked.
    pub question: TextView,
    /// By when (RFC 3339); the `[disputes]` default when absent.
    pub due: Option<String>,
}

/// A party's answer to the ruling.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulingAnswerBody {
    /// Accept (`true`) or contest (`false`).
    pub accept: bool,
    /// Why (optional).
    pub reason: Option<TextView>,
}

/// A request of the supervisor and its reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestView {
    /// Number within the dispute.
    pub number: u32,
    /// The party asked.
    pub party: String,
    /// `information` or `inspection`.
    pub kind: String,
    /// What is asked.
    pub question: TextView,
    /// When asked.
    pub asked_at: String,
    /// By when.
    pub due: String,
    /// The reply.
    pub reply: Option<TextView>,
    /// When it came.
    pub replied_at: Option<String>,
}

/// What a party still owes, and by when.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObligationView {
    /// Who owes it.
    pub party: String,
    /// `acknowledge`, `answer`, `decide`, `reply` or `respond_to_ruling`.
    pub step: String,
    /// The request number, for `reply`.
    pub request: Option<u32>,
    /// By when.
    pub due: String,
    /// Whether the deadline has passed.
    pub overdue: bool,
    /// When the missed deadline escalated.
    pub escalated_at: Option<String>,
}

/// A party's answer to the ruling.
#[derive(Debug, Serialize, ToSchema)]
pub struct RulingResponseView {
    /// The party.
    pub party: String,
    /// Accepted or contested.
    pub accepted: bool,
    /// Why.
    pub reason: Option<TextView>,
    /// When.
    pub at: String,
}

/// One step of the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    /// When.
    pub at: String,
    /// Who (`cell` for the timer).
    pub by: String,
    /// Their party.
    pub party: Option<String>,
    /// Position in the shared record.
    pub log_index: u64,
    /// The event as recorded (`type` names it, e.g. `dispute.answered`).
    #[schema(value_type = Object)]
    pub event: Value,
}

/// A dispute.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeView {
    /// Id.
    pub id: String,
    /// `raised`, `acknowledged`, `answered`, `in_mediation`, `ruled`, `resolved` or `contested`.
    pub status: String,
    /// Whether a deadline has passed with its step not taken.
    pub overdue: bool,
    /// The track.
    pub track: String,
    /// The raising party.
    pub raiser: String,
    /// The party it is raised against.
    pub against: String,
    /// The raising officer.
    pub raised_by: String,
    /// When raised.
    pub raised_at: String,
    /// Title.
    pub title: TextView,
    /// What happened.
    pub what: TextView,
    /// When it happened.
    pub occurred_at: String,
    /// Where.
    pub place: Option<PointView>,
    /// Linked records.
    pub evidence: Vec<EvidenceView>,
    /// The respondent's answer.
    pub answer: Option<TextView>,
    /// Why mediation was asked for.
    pub mediation_reason: Option<TextView>,
    /// The supervisor's requests.
    pub requests: Vec<RequestView>,
    /// The supervisor's findings.
    pub findings: Vec<TextView>,
    /// The ruling.
    pub ruling: Option<TextView>,
    /// Each party's answer to the ruling.
    pub ruling_responses: Vec<RulingResponseView>,
    /// What is still owed.
    pub obligations: Vec<ObligationView>,
    /// Every step, oldest first.
    pub history: Vec<HistoryView>,
    /// Parties that see it.
    pub audience: Vec<String>,
}

fn step_name(owed: Owed) -> (&'static str, Option<u32>) {
    match owed {
        Owed::Acknowledge => ("acknowledge", None),
        Owed::Answer => ("answer", None),
        Owed::Decide => ("decide", None),
        Owed::Reply(n) => ("reply", Some(n)),
        Owed::RespondToRuling => ("respond_to_ruling", None),
    }
}

impl DisputeView {
    /// The view of `d` at `now`.
    pub fn new(d: &Dispute, now: Timestamp) -> DisputeView {
        DisputeView {
            id: d.id.to_string(),
            status: name_of(&d.status),
            overdue: d.overdue(now),
            track: d.draft.track.to_string(),
            raiser: d.raiser.to_string(),
            against: d.draft.against.to_string(),
            raised_by: d.raised_by.to_string(),
            raised_at: time(d.raised_at),
            title: (&d.draft.title).into(),
            what: (&d.draft.what).into(),
            occurred_at: time(d.draft.occurred_at),
            place: d.draft.place.map(Into::into),
            evidence: d.draft.evidence.iter().map(Into::into).collect(),
            answer: d.answer.as_ref().map(Into::into),
            mediation_reason: d.mediation_reason.as_ref().map(Into::into),
            requests: d
                .requests
                .iter()
                .map(|r| RequestView {
                    number: r.number,
                    party: r.party.to_string(),
                    kind: name_of(&r.kind),
                    question: (&r.question).into(),
                    asked_at: time(r.asked_at),
                    due: time(r.due),
                    reply: r.reply.as_ref().map(|(t, _)| t.into()),
                    replied_at: r.reply.as_ref().map(|(_, at)| time(*at)),
                })
                .collect(),
            findings: d.findings.iter().map(Into::into).collect(),
            ruling: d.ruling.as_ref().map(Into::into),
            ruling_responses: d
                .ruling_responses
                .iter()
                .map(|(p, r)| RulingResponseView {
                    party: p.to_string(),
                    accepted: r.accepted,
                    reason: r.reason.as_ref().map(Into::into),
                    at: time(r.at),
                })
                .collect(),
            obligations: d
                .obligations
                .iter()
                .map(|o| {
                    let (step, request) = step_name(o.owed);
                    ObligationView {
                        party: o.party.to_string(),
                        step: step.into(),
                        request,
                        due: time(o.due),
                        overdue: o.due <= now,
                        escalated_at: o.escalated_at.map(time),
                    }
                })
                .collect(),
            history: d
                .history
                .iter()
                .map(|h| HistoryView {
                    at: time(h.at),
                    by: h.by.to_string(),
                    party: h.party.as_ref().map(ToString::to_string),
                    log_index: h.log_index,
                    event: serde_json::to_value(&h.event).unwrap_or(Value::Null),
                })
                .collect(),
            audience: d.audience.0.iter().map(ToString::to_string).collect(),
        }
    }
}

/// The answer to a write: the dispute as it now stands, and where the step landed in the record.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeWrite {
    /// The dispute.
    pub dispute: DisputeView,
    /// Where it landed in the record.
    pub record: RecordRef,
}

/// Dispute counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsView {
    /// Every dispute you may see.
    pub total: u64,
    /// Per status (every status, zeros included).
    pub by_status: BTreeMap<String, u64>,
    /// Per track.
    pub by_track: BTreeMap<String, u64>,
    /// Per month raised, `YYYY-MM`.
    pub by_month: BTreeMap<String, u64>,
    /// With a deadline passed and its step not taken.
    pub overdue: u64,
}

impl From<DisputeCounts> for CountsView {
    fn from(c: DisputeCounts) -> CountsView {
        CountsView {
            total: c.total,
            by_status: c.by_status.iter().map(|(s, n)| (name_of(s), *n)).collect(),
            by_track: c
                .by_track
                .iter()
                .map(|(t, n)| (t.to_string(), *n))
                .collect(),
            by_month: c.by_month,
            overdue: c.overdue,
        }
    }
}
