//! The demo's intelligence reports, one per TLP marking and at different stages: released and
//! acknowledged, released with the supervisor's sanitized text, one in the supervisor's vetting
//! (the `intelligence` track's policy is `vet`), the supervisor's own (released at once) and a
//! draft. Every report is ILLUSTRATIVE: invented for the demonstration, and says so.

use anyhow::Context;
use fusioncell_domain::deescalation::Coord7;
use fusioncell_domain::intel::{
    Credibility, IntelCommand, Place, Reliability, ReportContent, ReportId, Sanitized, Tlp,
    Usefulness, VetDecision,
};
use fusioncell_domain::{Actor, Command, LangText, PartyId, Span, TrackId, UserId};
use fusioncell_server::auth::random_id;

use crate::operator::Cell;

const NOTE: &str = "Illustrative report invented for the demonstration.";

fn text(lang: &str, t: &str) -> LangText {
    LangText {
        lang: lang.into(),
        text: t.into(),
    }
}

fn user(id: &str) -> Actor {
    Actor::User(UserId::new(id).expect("demo ids are valid"))
}

fn intel(c: IntelCommand) -> Command {
    Command::Intel(c)
}

/// A report's content: title and summary in English, the body in the author's language.
struct Demo {
    by: &'static str,
    tlp: Tlp,
    to: &'static [&'static str],
    title: &'static str,
    summary: &'static str,
    body: (&'static str, &'static str),
    at: (f64, f64),
    grade: (Reliability, u8),
}

impl Demo {
    fn content(&self, occurred: fusioncell_domain::Timestamp) -> anyhow::Result<ReportContent> {
        Ok(ReportContent {
            title: text("en", self.title),
            summary: text("en", &format!("{} {NOTE}", self.summary)),
            body: text(self.body.0, self.body.1),
            occurred_at: occurred,
            place: Some(Place::Point {
                at: Coord7::from_degrees("place", self.at.0, self.at.1)?,
            }),
            tlp: self.tlp,
            releasable_to: self
                .to
                .iter()
                .map(|p| PartyId::new(p).context("demo party"))
                .collect::<anyhow::Result<_>>()?,
            reliability: self.grade.0,
            credibility: Credibility::new(self.grade.1).context("demo grade")?,
            attachments: vec![],
            related: Default::default(),
        })
    }
}

/// Drafts `demo` and returns its id.
async fn draft(cell: &Cell, demo: &Demo) -> anyhow::Result<ReportId> {
    let core = &cell.app.core;
    let id = ReportId::new(&random_id("ir-")).context("a report id")?;
    let occurred = core.clock().now().plus(Span::hours(-3));
    core.submit(
        user(demo.by),
        intel(IntelCommand::Draft {
            report: id.clone(),
            track: TrackId::new("intelligence").context("the track")?,
            content: demo.content(occurred)?,
        }),
    )
    .await?;
    Ok(id)
}

/// Reports across the markings, one of them awaiting the supervisor's vetting.
pub async fn seed(cell: &Cell) -> anyhow::Result<()> {
    let core = &cell.app.core;
    let submit = |report: &ReportId| {
        intel(IntelCommand::Submit {
            report: report.clone(),
        })
    };
    let approve = |report: &ReportId, decision| {
        intel(IntelCommand::Vet {
            report: report.clone(),
            version: 1,
            decision,
        })
    };

    // GREEN, Israel to Syria: released, acknowledged, found useful.
    let uxo = draft(
        cell,
        &Demo {
            by: "il.analyst",
            tlp: Tlp::Green,
            to: &["sy"],
            title: "Unexploded ordnance beside the Quneitra road",
            summary: "Two unexploded shells seen on the verge of the road south of Quneitra.",
            body: (
                "he",
                "שני פגזים שלא התפוצצו נראו בשולי הכביש מדרום לקוניטרה. דיווח לדוגמה בלבד.",
            ),
            at: (35.83, 33.10),
            grade: (Reliability::B, 2),
        },
    )
    .await?;
    core.submit(user("il.analyst"), submit(&uxo)).await?;
    core.submit(
        user("us.supervisor"),
        approve(&uxo, VetDecision::Approve { comment: None }),
    )
    .await?;
    core.submit(
        user("sy.liaison"),
        intel(IntelCommand::Acknowledge {
            report: uxo.clone(),
        }),
    )
    .await?;
    core.submit(
        user("sy.analyst"),
        intel(IntelCommand::Feedback {
            report: uxo,
            usefulness: Usefulness::Useful,
            comment: Some(text("ar", "تم إبلاغ فرق إزالة الألغام. تقرير توضيحي.")),
        }),
    )
    .await?;

    // AMBER, Syria to Israel: released with a sanitized text, awaiting Israel's acknowledgement.
    let smuggling = draft(
        cell,
        &Demo {
            by: "sy.analyst",
            tlp: Tlp::Amber,
            to: &["il"],
            title: "Smuggling route through the southern villages",
            summary: "A route used at night by small groups, with the names of two informants.",
            body: (
                "ar",
                "طريق تهريب ليلي عبر القرى الجنوبية. تقرير توضيحي فقط.",
            ),
            at: (35.90, 32.85),
            grade: (Reliability::C, 3),
        },
    )
    .await?;
    core.submit(user("sy.analyst"), submit(&smuggling)).await?;
    core.submit(
        user("us.supervisor"),
        approve(
            &smuggling,
            VetDecision::ApproveSanitized {
                sanitized: Sanitized {
                    title: text("en", "Night-time crossings in the south"),
                    summary: text(
                        "en",
                        &format!("Small groups cross at night in the south. {NOTE}"),
                    ),
                    body: text(
                        "en",
                        "Small groups were reported crossing at night. Sources withheld.",
                    ),
                },
                comment: Some(text("en", "Informants' names removed before release.")),
            },
        ),
    )
    .await?;

    // RED, Israel to Syria: in the supervisor's vetting.
    let vetting = draft(
        cell,
        &Demo {
            by: "il.analyst",
            tlp: Tlp::Red,
            to: &["sy"],
            title: "Planned rocket launch from the northern ridge",
            summary: "A cell is reported preparing a launch within days.",
            body: (
                "he",
                "חוליה מדווחת כמתכוננת לשיגור בימים הקרובים. דיווח לדוגמה בלבד.",
            ),
            at: (35.78, 33.28),
            grade: (Reliability::B, 3),
        },
    )
    .await?;
    core.submit(user("il.analyst"), submit(&vetting)).await?;

    // CLEAR, the supervisor to both: released at once.
    let weather = draft(
        cell,
        &Demo {
            by: "us.supervisor",
            tlp: Tlp::Clear,
            to: &["il", "sy"],
            title: "Storm over the Golan: reduced visibility",
            summary: "Low cloud and fog expected for 48 hours; air activity may be misread.",
            body: (
                "en",
                "Expect low cloud and fog over the Golan heights for the next 48 hours.",
            ),
            at: (35.80, 33.05),
            grade: (Reliability::A, 1),
        },
    )
    .await?;
    core.submit(user("us.supervisor"), submit(&weather)).await?;

    // AMBER+STRICT, a Syrian draft nobody else sees yet.
    draft(
        cell,
        &Demo {
            by: "sy.analyst",
            tlp: Tlp::AmberStrict,
            to: &["il"],
            title: "Armed group movements near Daraa",
            summary: "Draft: movements to be confirmed before sharing.",
            body: ("ar", "تحركات لمجموعة مسلحة قرب درعا. مسودة توضيحية."),
            at: (36.10, 32.62),
            grade: (Reliability::D, 4),
        },
    )
    .await?;
    Ok(())
}
