//! What the intelligence API accepts and returns. Domain types stay free of HTTP concerns; these
//! views translate them (GeoJSON in degrees, RFC 3339 times, TLP and Admiralty grades as text).

use fusioncell_domain::intel::queries::ReportView;
use fusioncell_domain::intel::{
    Attachment, Credibility, Opinion, Place, RelatedId, Reliability, ReportContent, Sanitized,
    SightingReport, Tlp, Usefulness, Versioned,
};
use fusioncell_domain::{LangText, PartyId, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::deescalation::views::{name_of, parse_name, parse_time};
use crate::api::views::{RecordRef, TextView, parse_id};
use crate::error::ApiError;

fn time(t: Timestamp) -> String {
    t.to_rfc3339()
}

fn parties<'a>(list: impl IntoIterator<Item = &'a PartyId>) -> Vec<String> {
    list.into_iter().map(ToString::to_string).collect()
}

/// A link to an attached file with the SHA-256 of its content.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentView {
    /// What it is.
    pub name: String,
    /// `https://` or `http://` link.
    pub url: String,
    /// SHA-256 of the content, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

/// A report as written: for a new draft, an edit or a correction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// The track (only when creating; default `intelligence`).
    pub track: Option<String>,
    /// Title.
    pub title: TextView,
    /// Summary.
    pub summary: TextView,
    /// Full text.
    pub body: TextView,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// Where: a GeoJSON Point, Polygon or MultiPolygon (or a Feature of one), in degrees.
    #[schema(value_type = Option<Object>, example = json!({"type": "Point", "coordinates": [35.82, 33.12]}))]
    pub place: Option<Value>,
    /// TLP 2.0 marking: `CLEAR`, `GREEN`, `AMBER`, `AMBER+STRICT` or `RED`.
    #[schema(example = "AMBER")]
    pub tlp: String,
    /// Parties it may be released to besides yours (the supervisor always sees released reports).
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Admiralty source reliability, `A` to `F`.
    #[schema(example = "B")]
    pub reliability: String,
    /// Admiralty information credibility, 1 to 6.
    #[schema(example = 2)]
    pub credibility: u8,
    /// Links to attached files.
    #[serde(default)]
    pub attachments: Vec<AttachmentView>,
    /// Ids of related records.
    #[serde(default)]
    pub related: Vec<String>,
}

impl ReportBody {
    /// The content the domain decides on; 422 naming the field at fault.
    pub fn to_content(&self) -> Result<ReportContent, ApiError> {
        Ok(ReportContent {
            title: self.title.clone().into(),
            summary: self.summary.clone().into(),
            body: self.body.clone().into(),
            occurred_at: parse_time("occurred_at", &self.occurred_at)?,
            place: self
                .place
                .as_ref()
                .map(|p| Place::from_geojson("place", p))
                .transpose()?,
            tlp: Tlp::parse(&self.tlp).ok_or_else(|| {
                ApiError::invalid("tlp", "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
            })?,
            releasable_to: self
                .releasable_to
                .iter()
                .map(|p| parse_id("releasable_to", p, PartyId::new))
                .collect::<Result<_, _>>()?,
            reliability: Reliability::parse(&self.reliability)
                .ok_or_else(|| ApiError::invalid("reliability", "must be a letter A to F"))?,
            credibility: Credibility::new(self.credibility)
                .ok_or_else(|| ApiError::invalid("credibility", "must be 1 to 6"))?,
            attachments: self
                .attachments
                .iter()
                .map(|a| Attachment {
                    name: a.name.clone(),
                    url: a.url.clone(),
                    sha256: a.sha256.clone(),
                })
                .collect(),
            related: self
                .related
                .iter()
                .map(|r| parse_id("related", r, RelatedId::new))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A report's content as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContentView {
    /// Title.
    pub title: TextView,
    /// Summary.
    pub summary: TextView,
    /// Full text.
    pub body: TextView,
    /// When it happened.
    pub occurred_at: String,
    /// Where, as a GeoJSON geometry in degrees.
    #[schema(value_type = Option<Object>)]
    pub place: Option<Value>,
    /// TLP 2.0 marking.
    pub tlp: String,
    /// Parties it is releasable to besides the originator.
    pub releasable_to: Vec<String>,
    /// Admiralty source reliability.
    pub reliability: String,
    /// Admiralty information credibility.
    pub credibility: u8,
    /// Attachments.
    pub attachments: Vec<AttachmentView>,
    /// Related record ids.
    pub related: Vec<String>,
}

impl From<&ReportContent> for ContentView {
    fn from(c: &ReportContent) -> ContentView {
        ContentView {
            title: (&c.title).into(),
            summary: (&c.summary).into(),
            body: (&c.body).into(),
            occurred_at: time(c.occurred_at),
            place: c.place.as_ref().map(Place::to_geojson),
            tlp: c.tlp.to_string(),
            releasable_to: parties(&c.releasable_to),
            reliability: c.reliability.as_str().into(),
            credibility: c.credibility.grade(),
            attachments: c
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    name: a.name.clone(),
                    url: a.url.clone(),
                    sha256: a.sha256.clone(),
                })
                .collect(),
            related: c.related.iter().map(ToString::to_string).collect(),
        }
    }
}

/// A version of a report: the originator's, or a release.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// Version number.
    pub version: u32,
    /// Who wrote (or released) it.
    pub by: String,
    /// When.
    pub at: String,
    /// Whether it is the supervisor's sanitized text.
    pub sanitized: bool,
    /// The content.
    pub content: ContentView,
}

impl From<&Versioned> for VersionView {
    fn from(v: &Versioned) -> VersionView {
        VersionView {
            version: v.version,
            by: v.by.to_string(),
            at: time(v.at),
            sanitized: v.sanitized,
            content: (&v.content).into(),
        }
    }
}

/// Sanitized texts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SanitizedView {
    /// Title as released.
    pub title: TextView,
    /// Summary as released.
    pub summary: TextView,
    /// Body as released.
    pub body: TextView,
}

impl From<&Sanitized> for SanitizedView {
    fn from(s: &Sanitized) -> SanitizedView {
        SanitizedView {
            title: (&s.title).into(),
            summary: (&s.summary).into(),
            body: (&s.body).into(),
        }
    }
}

impl From<SanitizedView> for Sanitized {
    fn from(s: SanitizedView) -> Sanitized {
        Sanitized {
            title: s.title.into(),
            summary: s.summary.into(),
            body: s.body.into(),
        }
    }
}

/// A vetting decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct VetView {
    /// The version vetted.
    pub version: u32,
    /// `approved`, `sanitized` or `returned`.
    pub decision: String,
    /// The supervisor's comment.
    pub comment: Option<TextView>,
    /// The sanitized texts, when approved sanitized.
    pub sanitized: Option<SanitizedView>,
    /// Who vetted.
    pub by: String,
    /// When.
    pub at: String,
}

/// A recipient's response: acknowledgement, feedback, corroboration or sighting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseView {
    /// The responding party.
    pub party: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
    /// `acknowledged` (late or not), a usefulness (`useful`, `not_useful`, `already_known`), an
    /// opinion (`strongly-disagree` … `strongly-agree`) or `sighting`.
    pub kind: String,
    /// Comment or note.
    pub comment: Option<TextView>,
    /// For a sighting: how many times, first and last seen, where.
    #[schema(value_type = Option<Object>)]
    pub sighting: Option<Value>,
}

/// A report as you may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportJson {
    /// Id.
    pub id: String,
    /// Track.
    pub track: String,
    /// Originating party.
    pub originator: String,
    /// Who drafted it (shown to the originator and the supervisor).
    pub author: Option<String>,
    /// When drafted.
    pub created_at: String,
    /// Where it was imported from, if it was.
    pub imported_from: Option<String>,
    /// `draft`, `submitted`, `returned`, `released` or `withdrawn`, as you know it.
    pub stage: String,
    /// The version shown.
    pub version: u32,
    /// Whether the text shown is the supervisor's sanitized one.
    pub sanitized: bool,
    /// The text you see: the working text for the originator and the supervisor, the released
    /// text for recipients.
    pub content: ContentView,
    /// The originator's versions you may see, oldest first.
    pub versions: Vec<VersionView>,
    /// The releases you may see, oldest first.
    pub released: Vec<VersionView>,
    /// Vetting decisions you may see.
    pub vetting: Vec<VetView>,
    /// Parties that must acknowledge the current release.
    pub recipients: Vec<String>,
    /// Acknowledgements you may see.
    pub acknowledgements: Vec<ResponseView>,
    /// Recipients yet to acknowledge (originator and supervisor only).
    pub missing: Option<Vec<String>>,
    /// When acknowledgements are due.
    pub deadline: Option<String>,
    /// When it escalated.
    pub escalated_at: Option<String>,
    /// Feedback, corroborations and sightings you may see, oldest first.
    pub responses: Vec<ResponseView>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<String>,
    /// Why.
    pub withdrawn_reason: Option<TextView>,
    /// Whether your party owes an acknowledgement.
    pub awaits_you: bool,
}

fn response(
    party: &PartyId,
    by: &fusioncell_domain::UserId,
    at: Timestamp,
    kind: String,
    comment: Option<&LangText>,
) -> ResponseView {
    ResponseView {
        party: party.to_string(),
        by: by.to_string(),
        at: time(at),
        kind,
        comment: comment.map(Into::into),
        sighting: None,
    }
}

impl From<&ReportView<'_>> for ReportJson {
    fn from(v: &ReportView<'_>) -> ReportJson {
        let mut responses: Vec<(Timestamp, ResponseView)> = Vec::new();
        for f in &v.feedback {
            responses.push((
                f.at,
                response(
                    &f.party,
                    &f.by,
                    f.at,
                    name_of(&f.usefulness),
                    f.comment.as_ref(),
                ),
            ));
        }
        for c in &v.corroborations {
            responses.push((
                c.at,
                response(
                    &c.party,
                    &c.by,
                    c.at,
                    c.opinion.as_str().into(),
                    Some(&c.comment),
                ),
            ));
        }
        for s in &v.sightings {
            let mut r = response(
                &s.party,
                &s.by,
                s.at,
                "sighting".into(),
                s.sighting.note.as_ref(),
            );
            r.sighting = Some(serde_json::json!({
                "count": s.sighting.count,
                "first_seen": time(s.sighting.first_seen),
                "last_seen": time(s.sighting.last_seen),
                "place": s.sighting.place.as_ref().map(Place::to_geojson),
            }));
            responses.push((s.at, r));
        }
        responses.sort_by_key(|(at, _)| *at);
        ReportJson {
            id: v.id.to_string(),
            track: v.track.to_string(),
            originator: v.originator.to_string(),
            author: v.author.map(ToString::to_string),
            created_at: time(v.created_at),
            imported_from: v.imported_from.map(str::to_string),
            stage: v.stage.as_str().into(),
            version: v.version,
            sanitized: v.sanitized,
            content: v.content.into(),
            versions: v.versions.iter().map(|x| (*x).into()).collect(),
            released: v.released.iter().map(|x| (*x).into()).collect(),
            vetting: v
                .vetting
                .iter()
                .map(|s| VetView {
                    version: s.version,
                    decision: s.decision.into(),
                    comment: s.comment.as_ref().map(Into::into),
                    sanitized: s.sanitized.as_ref().map(Into::into),
                    by: s.by.to_string(),
                    at: time(s.at),
                })
                .collect(),
            recipients: parties(v.recipients),
            acknowledgements: v
                .acknowledgements
                .iter()
                .map(|(p, a)| {
                    let kind = if a.late {
                        "acknowledged_late"
                    } else {
                        "acknowledged"
                    };
                    response(p, &a.by, a.at, kind.into(), None)
                })
                .collect(),
            missing: v.missing.as_ref().map(parties),
            deadline: v.deadline.map(time),
            escalated_at: v.escalated_at.map(time),
            responses: responses.into_iter().map(|(_, r)| r).collect(),
            withdrawn_at: v.withdrawn.map(|(t, _)| time(t)),
            withdrawn_reason: v.withdrawn.map(|(_, r)| r.into()),
            awaits_you: v.awaits_reader,
        }
    }
}

/// The answer to a write on a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportWrite {
    /// The report as it now stands, as you see it.
    pub report: ReportJson,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

/// A vetting decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VetBody {
    /// The version you vetted (the report's current `version`).
    pub version: u32,
    /// `approve`, `return` or `approve_sanitized`.
    #[schema(example = "approve")]
    pub decision: String,
    /// A comment for the originator (required to return).
    pub comment: Option<TextView>,
    /// The texts to release instead (required to approve sanitized).
    pub sanitized: Option<SanitizedView>,
}

/// Feedback on a released report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    /// `useful`, `not_useful` or `already_known`.
    #[schema(example = "useful")]
    pub usefulness: String,
    /// Why.
    pub comment: Option<TextView>,
}

impl FeedbackBody {
    /// The verdict; 422 if unknown.
    pub fn usefulness(&self) -> Result<Usefulness, ApiError> {
        parse_name("usefulness", &self.usefulness)
    }
}

/// Agreement or disagreement with a released report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorroborationBody {
    /// `strongly-disagree`, `disagree`, `neutral`, `agree` or `strongly-agree` (as STIX opinions).
    #[schema(example = "agree")]
    pub opinion: String,
    /// Why.
    pub comment: TextView,
}

impl CorroborationBody {
    /// The opinion; 422 if unknown.
    pub fn opinion(&self) -> Result<Opinion, ApiError> {
        Opinion::ALL
            .into_iter()
            .find(|o| o.as_str() == self.opinion)
            .ok_or_else(|| {
                ApiError::invalid(
                    "opinion",
                    "must be strongly-disagree, disagree, neutral, agree or strongly-agree",
                )
            })
    }
}

/// A sighting of what a report describes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SightingBody {
    /// How many times (at least 1).
    pub count: u32,
    /// First seen (RFC 3339).
    pub first_seen: String,
    /// Last seen (RFC 3339; default the first).
    pub last_seen: Option<String>,
    /// Where, as GeoJSON.
    #[schema(value_type = Option<Object>)]
    pub place: Option<Value>,
    /// A note.
    pub note: Option<TextView>,
}

impl SightingBody {
    /// The sighting the domain decides on.
    pub fn to_sighting(&self) -> Result<SightingReport, ApiError> {
        let first_seen = parse_time("first_seen", &self.first_seen)?;
        Ok(SightingReport {
            count: self.count,
            first_seen,
            last_seen: match &self.last_seen {
                Some(t) => parse_time("last_seen", t)?,
                None => first_seen,
            },
            place: self
                .place
                .as_ref()
                .map(|p| Place::from_geojson("place", p))
                .transpose()?,
            note: self.note.clone().map(Into::into),
        })
    }
}

/// Why a report is withdrawn.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    /// Why.
    pub reason: TextView,
}

/// Whom a report would reach, for a compose preview.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    /// The track (default `intelligence`).
    pub track: Option<String>,
    /// The parties it would be releasable to.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// The marking (default `AMBER`).
    pub tlp: Option<String>,
}

/// Exactly who sees a report at each stage, by the release rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewView {
    /// Who sees the draft.
    pub draft: Vec<String>,
    /// Who sees it once submitted, while in vetting.
    pub submitted: Vec<String>,
    /// Who sees it once released.
    pub released: Vec<String>,
    /// Who must acknowledge it.
    pub recipients: Vec<String>,
    /// Whether the supervisor vets it before release.
    pub vetted: bool,
    /// Whether each recipient's responses stay between it, you and the supervisor.
    pub strict: bool,
}
