//! De-escalation records in words, in the reader's language: kinds, statuses, categories, and
//! one-line descriptions of activities, zones, incidents, crossings and alerts for the map's
//! tooltips and the pages' lists.

use fusioncell_domain::deescalation::{
    ActivityRecord, ActivityStatus, Alert, AlertCause, Incident, IncidentCategory, Lead,
    TrackCrossing, Window, ZoneRecord, ZoneStatus, ZoneVersion,
};
use fusioncell_domain::{Span, Timestamp};
use fusioncell_geo::{ActivityKind, ForceCategory};

use crate::console::view::Viewer;

/// Describes records for one reader.
pub struct Describe<'v, 'a> {
    /// The reader's view of the state.
    pub v: &'v Viewer<'a>,
}

impl Describe<'_, '_> {
    /// An activity kind.
    pub fn kind(&self, k: ActivityKind) -> String {
        let t = &self.v.t;
        match k {
            ActivityKind::Air => t.tr("kind-air"),
            ActivityKind::Ground => t.tr("kind-ground"),
            ActivityKind::Naval => t.tr("kind-naval"),
            ActivityKind::Exercise => t.tr("kind-exercise"),
            ActivityKind::Movement => t.tr("kind-movement"),
            ActivityKind::Humanitarian => t.tr("kind-humanitarian"),
            ActivityKind::Other => t.tr("kind-other"),
        }
    }

    /// Where an activity stands.
    pub fn status(&self, s: ActivityStatus) -> String {
        let t = &self.v.t;
        match s {
            ActivityStatus::Upcoming => t.tr("activity-upcoming"),
            ActivityStatus::Active => t.tr("activity-active"),
            ActivityStatus::Ended => t.tr("activity-ended"),
            ActivityStatus::Cancelled => t.tr("activity-cancelled"),
        }
    }

    /// Where a zone version stands.
    pub fn zone_status(&self, s: ZoneStatus) -> String {
        let t = &self.v.t;
        match s {
            ZoneStatus::Proposed => t.tr("zone-proposed"),
            ZoneStatus::InForce => t.tr("zone-in-force"),
            ZoneStatus::Replaced => t.tr("zone-replaced"),
            ZoneStatus::Superseded => t.tr("zone-superseded"),
        }
    }

    /// An incident category.
    pub fn category(&self, c: IncidentCategory) -> String {
        let t = &self.v.t;
        match c {
            IncidentCategory::AirspaceViolation => t.tr("incident-airspace-violation"),
            IncidentCategory::GroundIncursion => t.tr("incident-ground-incursion"),
            IncidentCategory::Fire => t.tr("incident-fire"),
            IncidentCategory::Naval => t.tr("incident-naval"),
            IncidentCategory::NearMiss => t.tr("incident-near-miss"),
            IncidentCategory::UnexplodedOrdnance => t.tr("incident-unexploded-ordnance"),
            IncidentCategory::Humanitarian => t.tr("incident-humanitarian"),
            IncidentCategory::Other => t.tr("incident-other"),
        }
    }

    /// A category of declared forces.
    pub fn force(&self, c: ForceCategory) -> String {
        let t = &self.v.t;
        match c {
            ForceCategory::Troops => t.tr("force-troops"),
            ForceCategory::Tanks => t.tr("force-tanks"),
            ForceCategory::ShortRangeArtillery => t.tr("force-short-range-artillery"),
            ForceCategory::HeavyArtillery => t.tr("force-heavy-artillery"),
            ForceCategory::SurfaceToAirMissiles => t.tr("force-surface-to-air-missiles"),
        }
    }

    /// An instant.
    pub fn time(&self, at: Timestamp) -> String {
        self.v.t.date_time(at)
    }

    /// A time window, "from – to".
    pub fn window(&self, w: &Window) -> String {
        self.v.t.tr_args(
            "window",
            &[
                ("start", self.time(w.start).into()),
                ("end", self.time(w.end).into()),
            ],
        )
    }

    /// A duration of `ms` milliseconds in its two largest units, to the nearest minute
    /// ("1 day, 6 hours"; "2 hours"), with a minus sign when negative.
    pub fn duration(&self, ms: i64) -> String {
        let t = &self.v.t;
        let minutes = ((ms.unsigned_abs() + 30_000) / 60_000) as i64;
        let (big, small) = if minutes >= 1_440 {
            let hours = (minutes + 30) / 60;
            (Span::hours(hours / 24 * 24), Span::hours(hours % 24))
        } else if minutes >= 60 {
            (Span::hours(minutes / 60), Span::minutes(minutes % 60))
        } else {
            (Span::minutes(minutes), Span(0))
        };
        let mut text = t.span(big);
        if small.millis() > 0 {
            text.push_str(&t.tr("list-separator"));
            text.push_str(&t.span(small));
        }
        if ms < 0 { format!("−{text}") } else { text }
    }

    /// The notice a notification gave and the notice its kind needs.
    pub fn notice(&self, lead: &Lead) -> String {
        self.v.t.tr_args(
            "activity-notice-line",
            &[
                ("notice", self.duration(lead.notice_ms).into()),
                ("required", self.duration(lead.required_ms).into()),
            ],
        )
    }

    /// "Late by …" when the notice fell short.
    pub fn late_by(&self, lead: &Lead) -> Option<String> {
        lead.late_by_ms.map(|ms| {
            self.v
                .t
                .tr_args("late-by", &[("span", self.duration(ms).into())])
        })
    }

    /// An activity in a line: kind, party, window.
    pub fn activity(&self, a: &ActivityRecord) -> String {
        self.v.t.tr_args(
            "activity-line",
            &[
                ("kind", self.kind(a.current.draft.kind).into()),
                ("party", self.v.party_name(&a.party).into()),
                ("window", self.window(&a.current.draft.window).into()),
            ],
        )
    }

    /// A zone version in a line: name and status.
    pub fn zone(&self, record: &ZoneRecord, version: &ZoneVersion) -> String {
        self.v.t.tr_args(
            "zone-line",
            &[
                ("name", version.name.clone().into()),
                ("version", version.version.into()),
                ("status", self.zone_status(record.status(version)).into()),
            ],
        )
    }

    /// An incident in a line: category, party, time.
    pub fn incident(&self, i: &Incident) -> String {
        self.v.t.tr_args(
            "incident-line",
            &[
                ("category", self.category(i.report.category).into()),
                ("party", self.v.party_name(&i.party).into()),
                ("time", self.time(i.report.occurred_at).into()),
            ],
        )
    }

    /// A crossing in a line.
    pub fn crossing(&self, c: &TrackCrossing) -> String {
        let x = c.crossing();
        let zone = self.zone_name(x.zone.as_str());
        let args = [
            ("track", x.track.to_string().into()),
            ("party", self.v.party_name(&x.party).into()),
            ("zone", zone.into()),
            ("time", self.time(x.at).into()),
        ];
        if c.is_entry() {
            self.v.t.tr_args("crossing-entered", &args)
        } else {
            self.v.t.tr_args("crossing-exited", &args)
        }
    }

    fn zone_name(&self, id: &str) -> String {
        fusioncell_domain::deescalation::ZoneId::new(id)
            .and_then(|z| self.v.state.deescalation.zones.get(&z))
            .and_then(|z| z.current().or(z.latest()))
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    }

    /// An activity named by its kind and party, as alerts name it.
    fn activity_name(&self, id: &fusioncell_domain::deescalation::ActivityId) -> String {
        self.v.state.deescalation.activities.get(id).map_or_else(
            || id.to_string(),
            |a| {
                self.v.t.tr_args(
                    "activity-short",
                    &[
                        ("kind", self.kind(a.current.draft.kind).into()),
                        ("party", self.v.party_name(&a.party).into()),
                    ],
                )
            },
        )
    }

    /// What an alert (raised or foreseen) says.
    pub fn cause(&self, cause: &AlertCause) -> String {
        let t = &self.v.t;
        match cause {
            AlertCause::Conflict {
                activity,
                other,
                window,
                ..
            } => t.tr_args(
                "alert-conflict",
                &[
                    ("activity", self.activity_name(activity).into()),
                    ("other", self.activity_name(other).into()),
                    ("window", self.window(window).into()),
                ],
            ),
            AlertCause::ZoneRule {
                zone,
                activity_kind,
                party,
                ..
            } => t.tr_args(
                "alert-zone-rule",
                &[
                    ("zone", self.zone_name(zone.as_str()).into()),
                    ("kind", self.kind(*activity_kind).into()),
                    ("party", self.v.party_name(party).into()),
                ],
            ),
            AlertCause::ForceCap {
                zone,
                category,
                cap,
                total,
                at,
                ..
            } => t.tr_args(
                "alert-force-cap",
                &[
                    ("zone", self.zone_name(zone.as_str()).into()),
                    ("category", self.force(*category).into()),
                    ("cap", (*cap).into()),
                    ("total", (*total).into()),
                    ("time", self.time(*at).into()),
                ],
            ),
            AlertCause::ZoneEntry { crossing } => t.tr_args(
                "alert-zone-entry",
                &[
                    ("track", crossing.track.to_string().into()),
                    ("party", self.v.party_name(&crossing.party).into()),
                    ("zone", self.zone_name(crossing.zone.as_str()).into()),
                    ("kind", self.kind(crossing.activity_kind).into()),
                    ("time", self.time(crossing.at).into()),
                ],
            ),
        }
    }

    /// An alert a notification would raise, told from the notifier's side.
    pub fn foreseen(&self, cause: &AlertCause) -> String {
        match cause {
            AlertCause::Conflict { other, window, .. } => self.v.t.tr_args(
                "check-conflict",
                &[
                    ("other", self.activity_name(other).into()),
                    ("window", self.window(window).into()),
                ],
            ),
            other => self.cause(other),
        }
    }

    /// A raised alert in a line.
    pub fn alert(&self, a: &Alert) -> String {
        self.cause(&a.cause)
    }

    /// The page of an alert's record: its activity's page, or its zone's, at the alert.
    pub fn alert_href(&self, a: &Alert) -> String {
        match (a.cause.activities().first(), a.cause.zone()) {
            (Some(activity), _) => format!("/activities/{activity}#{}", a.id),
            (None, Some(zone)) => format!("/zones/{zone}#{}", a.id),
            (None, None) => format!("/map#{}", a.id),
        }
    }
}
