//! The demo's disputes and commercial register: from the seed scenario (the Paris statement of
//! 6 January 2026, in which a Syrian official said the initiative ensures the cessation of all
//! Israeli military activities in Syria), a Syrian dispute over the Israeli patrol in the area
//! of separation, taken to mediation, with the supervisor's request to Israel still open; and
//! two commercial opportunities (illustrative), one under review and one agreed.

use anyhow::Context;
use fusioncell_domain::commercial::{
    CommercialCommand, Document, OpportunityDraft, OpportunityId, Sector, Stage, ValueRange,
};
use fusioncell_domain::deescalation::{Coord7, queries as de_queries};
use fusioncell_domain::disputes::{DisputeCommand, DisputeDraft, DisputeId, Evidence, RequestKind};
use fusioncell_domain::{Actor, Command, LangText, PartyId, Span, TrackId, UserId};
use fusioncell_server::auth::random_id;
use sha2::{Digest, Sha256};

use crate::operator::Cell;

/// The passage of the joint statement the demo's documents refer to (from the seed scenario);
/// the document's hash is this text's, so anyone holding it can check the link.
const STATEMENT: &str = "Both Sides have decided to establish a joint fusion mechanism—a dedicated communication cell—to facilitate immediate and ongoing coordination on their intelligence sharing, military de-escalation, diplomatic engagement, and commercial opportunities under the supervision of the United States.";

fn user(login: &str) -> Actor {
    Actor::User(UserId::new(login).expect("demo logins are valid"))
}

fn text(lang: &str, body: &str) -> LangText {
    LangText {
        lang: lang.into(),
        text: body.into(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Seeds the dispute in mediation and the two opportunities.
pub async fn seed(cell: &Cell) -> anyhow::Result<()> {
    let core = &cell.app.core;
    let now = core.clock().now();
    let sy = PartyId::new("sy").context("demo party")?;
    // Syria links the incidents it reported and can see.
    let evidence: Vec<Evidence> = {
        let read = core.read();
        de_queries::incidents(&read.state, Some(&sy))
            .into_iter()
            .filter(|i| i.party == sy)
            .map(|i| Evidence::Incident(i.id.clone()))
            .collect()
    };
    let dispute = DisputeId::new(&random_id("dp-")).context("a demo dispute id")?;
    let d = |command: DisputeCommand| Command::Dispute(command);
    core.submit(
        user("sy.liaison"),
        d(DisputeCommand::Raise {
            dispute: dispute.clone(),
            draft: DisputeDraft {
                track: TrackId::new("de-escalation").context("demo track")?,
                against: PartyId::new("il").context("demo party")?,
                title: text("ar", "دورية إسرائيلية في المنطقة العازلة"),
                what: text(
                    "ar",
                    "دخلت دورية إسرائيلية المنطقة العازلة ثم خرجت منها، وحلقت طائرة مسيرة فوقها، رغم أن المبادرة الأمريكية تضمن وقف جميع الأنشطة العسكرية الإسرائيلية في سوريا.",
                ),
                occurred_at: now.plus(Span::minutes(-30)),
                place: Some(Coord7::from_degrees("place", 35.83, 33.0)?),
                evidence,
            },
        }),
    )
    .await?;
    core.submit(
        user("il.liaison"),
        d(DisputeCommand::Acknowledge {
            dispute: dispute.clone(),
        }),
    )
    .await?;
    core.submit(
        user("il.liaison"),
        d(DisputeCommand::Answer {
            dispute: dispute.clone(),
            answer: text(
                "he",
                "הסיור נכנס לאזור ההפרדה בטעות ניווט ויצא ממנו מיד. הרחפן אינו שלנו.",
            ),
        }),
    )
    .await?;
    core.submit(
        user("sy.liaison"),
        d(DisputeCommand::RequestMediation {
            dispute: dispute.clone(),
            reason: text("ar", "الرد لا يفسر الطائرة المسيرة. نطلب وساطة المشرف."),
        }),
    )
    .await?;
    core.submit(
        user("us.supervisor"),
        d(DisputeCommand::RequestInformation {
            dispute,
            party: PartyId::new("il").context("demo party")?,
            kind: RequestKind::Information,
            question: text(
                "en",
                "Please share the patrol's navigation log and the air picture for the hour before and after the crossing.",
            ),
            due: None,
        }),
    )
    .await?;

    let statement = Document {
        title: "Joint statement of the United States, Israel and Syria, 6 January 2026 (passage)"
            .into(),
        url: "https://example.org/fusioncell-demo/joint-statement-passage.txt".into(),
        sha256: sha256_hex(STATEMENT.as_bytes()),
    };
    let c = |command: CommercialCommand| Command::Commercial(command);
    let crossing = OpportunityId::new(&random_id("co-")).context("a demo opportunity id")?;
    core.submit(
        user("sy.liaison"),
        c(CommercialCommand::Propose {
            opportunity: crossing.clone(),
            draft: OpportunityDraft {
                sector: Sector::Trade,
                counterpart: PartyId::new("il").context("demo party")?,
                title: text("ar", "فتح معبر القنيطرة أمام البضائع (توضيحي)"),
                description: text(
                    "ar",
                    "مثال توضيحي: فتح معبر القنيطرة لشاحنات المنتجات الزراعية مرتين في الأسبوع تحت إشراف الخلية.",
                ),
                value: ValueRange {
                    min: 5_000_000,
                    max: 15_000_000,
                    currency: "USD".into(),
                },
                documents: vec![statement.clone()],
            },
        }),
    )
    .await?;
    core.submit(
        user("il.liaison"),
        c(CommercialCommand::Move {
            opportunity: crossing,
            to: Stage::UnderReview,
            note: Some(text("he", "בבדיקה מול רשות המעברים.")),
        }),
    )
    .await?;
    let water = OpportunityId::new(&random_id("co-")).context("a demo opportunity id")?;
    core.submit(
        user("il.liaison"),
        c(CommercialCommand::Propose {
            opportunity: water.clone(),
            draft: OpportunityDraft {
                sector: Sector::Water,
                counterpart: sy,
                title: text("en", "Yarmouk basin water sharing (illustrative)"),
                description: text(
                    "en",
                    "Illustrative example: a joint desalination and transfer scheme for the Yarmouk basin, to support prosperity for both countries as the Paris statement put it.",
                ),
                value: ValueRange {
                    min: 40_000_000,
                    max: 120_000_000,
                    currency: "USD".into(),
                },
                documents: vec![statement],
            },
        }),
    )
    .await?;
    for to in [Stage::UnderReview, Stage::Agreed] {
        core.submit(
            user("sy.liaison"),
            c(CommercialCommand::Move {
                opportunity: water.clone(),
                to,
                note: None,
            }),
        )
        .await?;
    }
    Ok(())
}
