//! What the de-escalation API returns and accepts. Positions are degrees here (the record keeps
//! whole units of 10⁻⁷ degree), times RFC 3339, durations milliseconds with a readable copy.

use std::collections::BTreeMap;

use fusioncell_domain::deescalation::activity::ActivityVersion;
use fusioncell_domain::deescalation::crossing::CrossingRecord;
use fusioncell_domain::deescalation::{
    ActivityDraft, ActivityRecord, Alert, AlertCause, Band, Coord7, Crossing, Finding, Footprint,
    Incident, Lead, Shape, TrackCrossing, Window, ZoneRecord, ZoneVersion,
};
use fusioncell_domain::{Audience, Span, Timestamp};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::api::views::TextView;
use crate::error::ApiError;

fn time(t: Timestamp) -> String {
    t.to_rfc3339()
}

/// An instant from a request field, RFC 3339.
pub fn parse_time(field: &str, text: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse_rfc3339(text).ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("`{text}` is not an RFC 3339 time such as 2026-01-06T12:00:00Z"),
        )
    })
}

/// A snake_case name of a domain enum (activity kind, force category, …) from a request field.
pub fn parse_name<T: DeserializeOwned>(field: &str, text: &str) -> Result<T, ApiError> {
    serde_json::from_value(Value::String(text.to_string()))
        .map_err(|e| ApiError::invalid(field, e.to_string()))
}

/// The snake_case name of a domain enum value.
pub fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn degrees(c: Coord7) -> [f64; 2] {
    [c.lon(), c.lat()]
}

/// A position from `[longitude, latitude]` in degrees.
pub fn coord(field: &str, p: [f64; 2]) -> Result<Coord7, ApiError> {
    Ok(Coord7::from_degrees(field, p[0], p[1])?)
}

/// `ms` as `1d2h`, `-30m`, to the nearest second (times come in with milliseconds, which
/// nobody wants to read).
fn span_text(ms: i64) -> String {
    let seconds = Span::seconds((ms.saturating_abs() + 500) / 1000);
    if ms < 0 {
        format!("-{seconds}")
    } else {
        seconds.to_string()
    }
}

fn parties(audience: &Audience) -> Vec<String> {
    audience.0.iter().map(ToString::to_string).collect()
}

/// Where an activity takes place, as a request gives it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum GeometryBody {
    /// Anywhere in a GeoJSON Polygon or MultiPolygon (a geometry or a Feature holding one).
    Area {
        /// The GeoJSON.
        #[schema(value_type = Object)]
        area: Value,
    },
    /// Along a line, within a corridor `width_m` wide centred on it.
    Corridor {
        /// Positions `[lon, lat]`, at least two.
        line: Vec<[f64; 2]>,
        /// Total width, metres.
        width_m: u32,
    },
    /// Within `radius_m` of a point.
    Circle {
        /// `[lon, lat]`.
        center: [f64; 2],
        /// Radius, metres.
        radius_m: u32,
    },
}

impl GeometryBody {
    fn to_footprint(&self) -> Result<Footprint, ApiError> {
        Ok(match self {
            GeometryBody::Area { area } => Footprint::Area {
                area: Shape::from_geojson("geometry.area", &area.to_string())?,
            },
            GeometryBody::Corridor { line, width_m } => Footprint::Corridor {
                line: line
                    .iter()
                    .enumerate()
                    .map(|(i, p)| coord(&format!("geometry.line[{i}]"), *p))
                    .collect::<Result<_, _>>()?,
                width_m: *width_m,
            },
            GeometryBody::Circle { center, radius_m } => Footprint::Circle {
                center: coord("geometry.center", *center)?,
                radius_m: *radius_m,
            },
        })
    }
}

/// An altitude band `[lower_m, upper_m)`, metres above mean sea level.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BandView {
    /// Lowest altitude.
    pub lower_m: i32,
    /// First altitude above the band.
    pub upper_m: i32,
}

impl From<Band> for BandView {
    fn from(b: Band) -> BandView {
        BandView {
            lower_m: b.lower_m,
            upper_m: b.upper_m,
        }
    }
}

/// An activity as notified or changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityBody {
    /// `air`, `ground`, `naval`, `exercise`, `movement`, `humanitarian` or `other`.
    #[schema(example = "air")]
    pub kind: String,
    /// Where.
    pub geometry: GeometryBody,
    /// Altitude band, mostly for air; absent for the whole column.
    pub altitude: Option<BandView>,
    /// Start (RFC 3339).
    #[schema(example = "2026-01-08T06:00:00Z")]
    pub start: String,
    /// End (RFC 3339), after the start.
    #[schema(example = "2026-01-08T09:00:00Z")]
    pub end: String,
    /// Declared forces: `troops`, `tanks`, `short_range_artillery`, `heavy_artillery`,
    /// `surface_to_air_missiles`.
    #[schema(value_type = Object, example = json!({"troops": 300, "tanks": 12}))]
    #[serde(default)]
    pub forces: BTreeMap<String, u32>,
    /// What it is.
    pub description: TextView,
}

impl ActivityBody {
    /// The draft the domain decides on.
    pub fn to_draft(&self) -> Result<ActivityDraft, ApiError> {
        let forces = self
            .forces
            .iter()
            .map(|(k, n)| Ok((parse_name(&format!("forces.{k}"), k)?, *n)))
            .collect::<Result<_, ApiError>>()?;
        Ok(ActivityDraft {
            kind: parse_name("kind", &self.kind)?,
            footprint: self.geometry.to_footprint()?,
            altitude: self.altitude.map(|b| Band {
                lower_m: b.lower_m,
                upper_m: b.upper_m,
            }),
            window: Window {
                start: parse_time("start", &self.start)?,
                end: parse_time("end", &self.end)?,
            },
            forces,
            description: self.description.clone().into(),
        })
    }
}

/// The notice a notification gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeadView {
    /// From notification to start, ms (negative when already under way).
    pub notice_ms: i64,
    /// The same, readable, e.g. `1d2h`.
    pub notice: String,
    /// The minimum notice for its kind, ms.
    pub required_ms: i64,
    /// The same, readable.
    pub required: String,
    /// Whether it came late.
    pub late: bool,
    /// By how much, ms.
    pub late_by_ms: Option<i64>,
    /// The same, readable.
    pub late_by: Option<String>,
}

impl From<&Lead> for LeadView {
    fn from(l: &Lead) -> LeadView {
        LeadView {
            notice_ms: l.notice_ms,
            notice: span_text(l.notice_ms),
            required_ms: l.required_ms,
            required: span_text(l.required_ms),
            late: l.late_by_ms.is_some(),
            late_by_ms: l.late_by_ms,
            late_by: l.late_by_ms.map(span_text),
        }
    }
}

/// A party's acknowledgement of receipt.
#[derive(Debug, Serialize, ToSchema)]
pub struct AckView {
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
    /// After the deadline.
    pub late: bool,
}

/// One version of a notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityVersionView {
    /// Version, from 1.
    pub version: u32,
    /// Kind.
    pub kind: String,
    /// Where: `{type: area, area: GeoJSON}`, `{type: corridor, line, width_m}` or
    /// `{type: circle, center, radius_m}`, positions `[lon, lat]`.
    #[schema(value_type = Object)]
    pub geometry: Value,
    /// Altitude band; absent for the whole column.
    pub altitude: Option<BandView>,
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
    /// Declared forces.
    #[schema(value_type = Object)]
    pub forces: Value,
    /// What it is.
    pub description: TextView,
    /// Who notified this version.
    pub notified_by: String,
    /// When.
    pub notified_at: String,
    /// Its event's position in the shared record.
    pub log_index: u64,
    /// Notice given.
    pub lead: LeadView,
    /// Parties that must acknowledge receipt.
    pub addressed: Vec<String>,
    /// Deadline for acknowledgements.
    pub deadline: Option<String>,
    /// Acknowledgements by party.
    pub acknowledgements: BTreeMap<String, AckView>,
    /// Addressed parties that have not acknowledged.
    pub awaiting: Vec<String>,
    /// When it escalated for want of acknowledgements.
    pub escalated_at: Option<String>,
}

impl From<&ActivityVersion> for ActivityVersionView {
    fn from(v: &ActivityVersion) -> ActivityVersionView {
        let d = &v.draft;
        ActivityVersionView {
            version: v.version,
            kind: name_of(&d.kind),
            geometry: d.footprint.to_json(),
            altitude: d.altitude.map(Into::into),
            start: time(d.window.start),
            end: time(d.window.end),
            forces: serde_json::to_value(&d.forces).unwrap_or_default(),
            description: (&d.description).into(),
            notified_by: v.by.to_string(),
            notified_at: time(v.at),
            log_index: v.log_index,
            lead: (&v.lead).into(),
            addressed: v.addressed.iter().map(ToString::to_string).collect(),
            deadline: v.deadline.map(time),
            acknowledgements: v
                .acknowledgements
                .iter()
                .map(|(p, a)| {
                    (
                        p.to_string(),
                        AckView {
                            by: a.by.to_string(),
                            at: time(a.at),
                            late: a.late,
                        },
                    )
                })
                .collect(),
            awaiting: v.unacknowledged().iter().map(ToString::to_string).collect(),
            escalated_at: v.escalated_at.map(time),
        }
    }
}

/// A notified activity: its current version and earlier ones.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    /// Id.
    pub id: String,
    /// The notifying party.
    pub party: String,
    /// `upcoming`, `active`, `ended` or `cancelled`, now.
    pub status: String,
    /// The version in effect.
    pub current: ActivityVersionView,
    /// Earlier versions, oldest first.
    pub history: Vec<ActivityVersionView>,
    /// When it was called off.
    pub cancelled_at: Option<String>,
}

impl ActivityView {
    /// The view of `a` at `now`.
    pub fn new(a: &ActivityRecord, now: Timestamp) -> ActivityView {
        ActivityView {
            id: a.id.to_string(),
            party: a.party.to_string(),
            status: name_of(&a.status(now)),
            current: (&a.current).into(),
            history: a.history.iter().map(Into::into).collect(),
            cancelled_at: a.cancelled_at.map(time),
        }
    }
}

/// One version of a zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneVersionView {
    /// Version, from 1.
    pub version: u32,
    /// `proposed`, `in_force`, `replaced` or `superseded`.
    pub status: String,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// GeoJSON MultiPolygon.
    #[schema(value_type = Object)]
    pub area: Value,
    /// Rules per party: `forbidden_kinds` and `force_caps`.
    #[schema(value_type = Object)]
    pub rules: Value,
    /// Who proposed it.
    pub proposed_by: String,
    /// When.
    pub proposed_at: String,
    /// Parties whose approval puts it in force.
    pub approvers: Vec<String>,
    /// Approvals: party → `{by, at}`.
    #[schema(value_type = Object)]
    pub approvals: Value,
    /// Parties yet to approve.
    pub awaiting: Vec<String>,
    /// When it came into force.
    pub in_force_at: Option<String>,
}

fn zone_version(record: &ZoneRecord, v: &ZoneVersion) -> ZoneVersionView {
    ZoneVersionView {
        version: v.version,
        status: name_of(&record.status(v)),
        name: v.name.clone(),
        description: v.description.clone(),
        area: v.area.to_geojson(),
        rules: serde_json::to_value(&v.rules).unwrap_or_default(),
        proposed_by: v.proposed_by.to_string(),
        proposed_at: time(v.proposed_at),
        approvers: v.approvers.iter().map(ToString::to_string).collect(),
        approvals: v
            .approvals
            .iter()
            .map(|(p, a)| (p.to_string(), json!({"by": a.by, "at": time(a.at)})))
            .collect(),
        awaiting: v.awaiting().iter().map(ToString::to_string).collect(),
        in_force_at: v.in_force_at.map(time),
    }
}

/// A zone with every version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneView {
    /// Id.
    pub id: String,
    /// The version in force, if any.
    pub in_force: Option<u32>,
    /// Every version, oldest first.
    pub versions: Vec<ZoneVersionView>,
}

impl From<&ZoneRecord> for ZoneView {
    fn from(z: &ZoneRecord) -> ZoneView {
        ZoneView {
            id: z.id.to_string(),
            in_force: z.in_force,
            versions: z.versions.iter().map(|v| zone_version(z, v)).collect(),
        }
    }
}

/// A zone or a new version of one, proposed by the supervisor.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneBody {
    /// Id; an existing id proposes its next version.
    #[schema(example = "aos")]
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// A GeoJSON Polygon or MultiPolygon (a geometry or a Feature holding one).
    #[schema(value_type = Object)]
    pub area: Value,
    /// Rules per party id: `{"forbidden_kinds": ["ground"], "force_caps": {"tanks": 75}}`.
    #[schema(value_type = Object)]
    #[serde(default)]
    pub rules: BTreeMap<String, Value>,
}

/// The version approved.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    /// The version, so that nobody approves one they have not seen.
    pub version: u32,
}

fn cause_kind(cause: &AlertCause) -> &'static str {
    match cause {
        AlertCause::Conflict { .. } => "conflict",
        AlertCause::ZoneRule { .. } => "zone_rule",
        AlertCause::ForceCap { .. } => "force_cap",
        AlertCause::ZoneEntry { .. } => "zone_entry",
    }
}

fn window(w: &Window) -> Value {
    json!({"start": time(w.start), "end": time(w.end)})
}

fn crossing_json(c: &Crossing) -> Value {
    json!({
        "party": c.party,
        "track": c.track,
        "activity_kind": c.activity_kind,
        "zone": c.zone,
        "zone_version": c.zone_version,
        "at": time(c.at),
        "position": degrees(c.position),
        "altitude_m": c.altitude_m,
    })
}

fn details(cause: &AlertCause) -> Value {
    match cause {
        AlertCause::Conflict {
            activity,
            version,
            other,
            other_version,
            parties,
            window: w,
            altitude,
        } => json!({
            "activity": activity, "version": version, "other": other,
            "other_version": other_version, "parties": parties, "window": window(w),
            "altitude": altitude.map(BandView::from),
        }),
        AlertCause::ZoneRule {
            activity,
            version,
            party,
            zone,
            zone_version,
            activity_kind,
        } => json!({
            "activity": activity, "version": version, "party": party, "zone": zone,
            "zone_version": zone_version, "activity_kind": activity_kind,
        }),
        AlertCause::ForceCap {
            activity,
            version,
            party,
            zone,
            zone_version,
            category,
            cap,
            total,
            at,
            activities,
        } => json!({
            "activity": activity, "version": version, "party": party, "zone": zone,
            "zone_version": zone_version, "category": category, "cap": cap, "total": total,
            "at": time(*at), "activities": activities,
        }),
        AlertCause::ZoneEntry { crossing } => crossing_json(crossing),
    }
}

/// A deconfliction alert, or one that notifying would raise.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// Id (absent in a dry run).
    pub id: Option<String>,
    /// When it was raised.
    pub at: Option<String>,
    /// `conflict`, `zone_rule`, `force_cap` or `zone_entry`.
    pub kind: String,
    /// Activities concerned.
    pub activities: Vec<String>,
    /// Zone concerned.
    pub zone: Option<String>,
    /// Parties it goes to.
    pub audience: Vec<String>,
    /// The fields of the alert, by kind.
    #[schema(value_type = Object)]
    pub details: Value,
}

impl AlertView {
    fn of(cause: &AlertCause, audience: &Audience) -> AlertView {
        AlertView {
            id: None,
            at: None,
            kind: cause_kind(cause).into(),
            activities: cause.activities().iter().map(ToString::to_string).collect(),
            zone: cause.zone().map(ToString::to_string),
            audience: parties(audience),
            details: details(cause),
        }
    }
}

impl From<&Alert> for AlertView {
    fn from(a: &Alert) -> AlertView {
        AlertView {
            id: Some(a.id.to_string()),
            at: Some(time(a.at)),
            ..AlertView::of(&a.cause, &a.audience)
        }
    }
}

impl From<&Finding> for AlertView {
    fn from(f: &Finding) -> AlertView {
        AlertView::of(&f.cause, &f.audience)
    }
}

/// A zone entry or exit of a position track.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrossingView {
    /// `entered` or `exited`.
    pub direction: String,
    /// Its position in the shared record (absent before it is recorded).
    pub log_index: Option<u64>,
    /// Party, track, kind, zone, time, position `[lon, lat]`, altitude.
    #[schema(value_type = Object)]
    pub crossing: Value,
}

impl From<&TrackCrossing> for CrossingView {
    fn from(c: &TrackCrossing) -> CrossingView {
        CrossingView {
            direction: if c.is_entry() { "entered" } else { "exited" }.into(),
            log_index: None,
            crossing: crossing_json(c.crossing()),
        }
    }
}

impl From<&CrossingRecord> for CrossingView {
    fn from(c: &CrossingRecord) -> CrossingView {
        CrossingView {
            log_index: Some(c.log_index),
            ..(&c.crossing).into()
        }
    }
}

/// An incident report.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentView {
    /// Id.
    pub id: String,
    /// Reporting party.
    pub party: String,
    /// Reporting officer.
    pub reported_by: String,
    /// When reported.
    pub reported_at: String,
    /// When it happened.
    pub occurred_at: String,
    /// Where, `[lon, lat]`.
    pub place: [f64; 2],
    /// Category.
    pub category: String,
    /// What happened.
    pub description: TextView,
    /// Activity concerned.
    pub activity: Option<String>,
    /// Zone concerned.
    pub zone: Option<String>,
    /// Parties that see it.
    pub audience: Vec<String>,
}

impl From<&Incident> for IncidentView {
    fn from(i: &Incident) -> IncidentView {
        let r = &i.report;
        IncidentView {
            id: i.id.to_string(),
            party: i.party.to_string(),
            reported_by: i.reported_by.to_string(),
            reported_at: time(i.reported_at),
            occurred_at: time(r.occurred_at),
            place: degrees(r.place),
            category: name_of(&r.category),
            description: (&r.description).into(),
            activity: r.activity.as_ref().map(ToString::to_string),
            zone: r.zone.as_ref().map(ToString::to_string),
            audience: parties(&i.audience),
        }
    }
}

/// An incident report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentBody {
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// Where, `[lon, lat]`.
    pub place: [f64; 2],
    /// `airspace_violation`, `ground_incursion`, `fire`, `naval`, `near_miss`,
    /// `unexploded_ordnance`, `humanitarian` or `other`.
    #[schema(example = "airspace_violation")]
    pub category: String,
    /// What happened.
    pub description: TextView,
    /// The activity it concerns.
    pub activity: Option<String>,
    /// The zone it concerns.
    pub zone: Option<String>,
    /// The other parties to share it with; absent for every party, `[]` to keep it internal.
    pub shared_with: Option<Vec<String>>,
}
