//! The demo's commitments, meetings and joint statement: the Paris meeting with its agreed
//! minutes; the joint statement that followed it, published in English (authoritative, as
//! quoted in the press reports of `../shared/seeds`) with Arabic and Hebrew versions; and an
//! illustrative "timeline for withdrawal" in force, one milestone verified and one overdue.

use anyhow::Context;
use fusioncell_domain::commitments::{
    CommitmentId, CommitmentsCommand, Evidence, MilestoneDraft, MilestoneId,
};
use fusioncell_domain::meetings::{MeetingId, MeetingsCommand, StatementId};
use fusioncell_domain::{Actor, Command, LangText, PartyId, Timestamp, TrackId, UserId};

use crate::operator::Cell;

const DAY: i64 = 86_400_000;

/// The joint statement of 6 January 2026 as quoted in the press (seeds), the authoritative text.
const STATEMENT_EN: &str = "Under the auspices of the United States, senior Israeli and Syrian officials met in Paris. President Donald J. Trump's leadership in the Middle East enabled productive discussions, centered on respect for Syria's sovereignty and stability, Israel's security, and prosperity for both countries.\n\nThe Sides reaffirm their commitment to strive toward achieving lasting security and stability arrangements for both countries.\n\nBoth Sides have decided to establish a joint fusion mechanism—a dedicated communication cell—to facilitate immediate and ongoing coordination on their intelligence sharing, military de-escalation, diplomatic engagement, and commercial opportunities under the supervision of the United States.\n\nThe United States commends these positive steps and remains committed to supporting the implementation of these understandings, as part of broader efforts to achieve enduring peace in the Middle East.\n\nWhen sovereign nations cooperate in a respectful and productive way, prosperity will be unleashed.";

/// The Arabic version (a translation made for the demonstration).
const STATEMENT_AR: &str = "برعاية الولايات المتحدة، التقى مسؤولون إسرائيليون وسوريون كبار في باريس. وقد أتاحت قيادة الرئيس دونالد ج. ترامب في الشرق الأوسط إجراء مناقشات مثمرة تمحورت حول احترام سيادة سوريا واستقرارها، وأمن إسرائيل، وازدهار البلدين.\n\nويؤكد الجانبان من جديد التزامهما بالسعي إلى تحقيق ترتيبات دائمة للأمن والاستقرار لكلا البلدين.\n\nوقرر الجانبان إنشاء آلية دمج مشتركة — خلية اتصال مخصصة — لتسهيل التنسيق الفوري والمستمر بشأن تبادل المعلومات الاستخبارية، وخفض التصعيد العسكري، والانخراط الدبلوماسي، والفرص التجارية، تحت إشراف الولايات المتحدة.\n\nوتثني الولايات المتحدة على هذه الخطوات الإيجابية، وتبقى ملتزمة بدعم تنفيذ هذه التفاهمات، في إطار جهود أوسع لتحقيق سلام دائم في الشرق الأوسط.\n\nعندما تتعاون الدول ذات السيادة بطريقة قائمة على الاحترام ومثمرة، ينطلق الازدهار.";

/// The Hebrew version (a translation made for the demonstration).
const STATEMENT_HE: &str = "בחסות ארצות הברית נפגשו בפריז בכירים ישראלים וסורים. מנהיגותו של הנשיא דונלד ג'. טראמפ במזרח התיכון אפשרה דיונים פוריים, שהתמקדו בכיבוד ריבונותה ויציבותה של סוריה, בביטחונה של ישראל ובשגשוגן של שתי המדינות.\n\nהצדדים מאשרים מחדש את מחויבותם לפעול להשגת הסדרי ביטחון ויציבות של קבע עבור שתי המדינות.\n\nשני הצדדים החליטו להקים מנגנון היתוך משותף — תא תקשורת ייעודי — כדי לאפשר תיאום מיידי ושוטף בשיתוף מודיעין, בהפחתת הסלמה צבאית, במעורבות דיפלומטית ובהזדמנויות מסחריות, בפיקוח ארצות הברית.\n\nארצות הברית משבחת צעדים חיוביים אלה ונותרת מחויבת לתמוך ביישום ההבנות הללו, כחלק ממאמץ רחב יותר להשגת שלום בר־קיימא במזרח התיכון.\n\nכאשר מדינות ריבוניות משתפות פעולה באופן מכבד ופורה, השגשוג ישתחרר.";

const MINUTES: &str = "Present: senior officials of Israel and Syria; the United States in the chair.\n\n1. The Sides reaffirmed their commitment to lasting security and stability arrangements.\n2. The Sides decided to establish a joint fusion mechanism, a dedicated communication cell under US supervision, for intelligence sharing, military de-escalation, diplomatic engagement and commercial opportunities.\n3. Syria asked for a specific timeline for the strategic files and for withdrawal; the Sides agreed to record one in the cell.\n4. A joint statement was agreed for release.";

fn text(lang: &str, t: &str) -> LangText {
    LangText {
        lang: lang.into(),
        text: t.into(),
    }
}

fn user(id: &str) -> Actor {
    Actor::User(UserId::new(id).expect("demo user ids are valid"))
}

fn party(id: &str) -> anyhow::Result<PartyId> {
    PartyId::new(id).context("demo party")
}

async fn meetings(cell: &Cell, command: MeetingsCommand, by: &str) -> anyhow::Result<()> {
    cell.app
        .core
        .submit(user(by), Command::Meetings(command))
        .await?;
    Ok(())
}

async fn commitments(cell: &Cell, command: CommitmentsCommand, by: &str) -> anyhow::Result<()> {
    cell.app
        .core
        .submit(user(by), Command::Commitments(command))
        .await?;
    Ok(())
}

/// Seeds the Paris meeting, the joint statement and the commitments.
pub async fn seed(cell: &Cell) -> anyhow::Result<()> {
    paris(cell).await?;
    withdrawal(cell).await
}

async fn paris(cell: &Cell) -> anyhow::Result<()> {
    let meeting = MeetingId::new("paris-2026-01").context("demo meeting id")?;
    let day = Timestamp::parse_rfc3339("2026-01-06T08:00:00Z").context("demo date")?;
    meetings(
        cell,
        MeetingsCommand::Schedule {
            meeting: meeting.clone(),
            title: text("en", "Paris meeting under US auspices"),
            starts_at: day,
            ends_at: Timestamp(day.millis() + 9 * 3_600_000),
            place: "Paris".into(),
            participants: [party("il")?, party("sy")?, party("us")?].into(),
            agenda: vec![
                text("en", "Lasting security and stability arrangements"),
                text("en", "A joint fusion mechanism under US supervision"),
                text(
                    "en",
                    "A timeline for the strategic files and for withdrawal",
                ),
                text("en", "A joint statement"),
            ],
        },
        "us.supervisor",
    )
    .await?;
    meetings(
        cell,
        MeetingsCommand::DraftMinutes {
            meeting: meeting.clone(),
            text: text("en", MINUTES),
        },
        "us.supervisor",
    )
    .await?;
    for by in ["il.liaison", "sy.liaison"] {
        let command = MeetingsCommand::ApproveMinutes {
            meeting: meeting.clone(),
            revision: 1,
        };
        meetings(cell, command, by).await?;
    }

    let statement = StatementId::new("paris-joint-statement").context("demo statement id")?;
    meetings(
        cell,
        MeetingsCommand::DraftStatement {
            statement: statement.clone(),
            title: text("en", "Joint statement on the Paris meeting"),
            meeting: Some(meeting),
            authoritative: "en".into(),
        },
        "us.supervisor",
    )
    .await?;
    for (lang, body) in [
        ("en", STATEMENT_EN),
        ("ar", STATEMENT_AR),
        ("he", STATEMENT_HE),
    ] {
        let command = MeetingsCommand::SetStatementText {
            statement: statement.clone(),
            lang: lang.into(),
            text: body.into(),
        };
        meetings(cell, command, "us.supervisor").await?;
    }
    let revision = cell.app.core.read().state.meetings.statements[&statement].revision;
    for by in ["il.liaison", "sy.liaison"] {
        for lang in ["en", "ar", "he"] {
            let command = MeetingsCommand::ApproveStatement {
                statement: statement.clone(),
                revision,
                lang: lang.into(),
            };
            meetings(cell, command, by).await?;
        }
    }
    meetings(
        cell,
        MeetingsCommand::PublishStatement { statement },
        "us.supervisor",
    )
    .await
}

fn milestone(id: &str, title: LangText, due: Timestamp) -> anyhow::Result<MilestoneDraft> {
    Ok(MilestoneDraft {
        id: MilestoneId::new(id).context("demo milestone id")?,
        title,
        due,
    })
}

async fn withdrawal(cell: &Cell) -> anyhow::Result<()> {
    let now = cell.app.core.clock().now().millis();
    let at = |days: i64| Timestamp(now + days * DAY);
    let id = CommitmentId::new("withdrawal-timeline").context("demo commitment id")?;
    commitments(
        cell,
        CommitmentsCommand::Propose {
            commitment: id.clone(),
            owner: party("il")?,
            beneficiary: party("sy")?,
            track: TrackId::new("de-escalation").context("demo track")?,
            title: text("en", "Timeline for withdrawal (illustrative)"),
            milestones: vec![
                milestone(
                    "m1",
                    text("en", "Hand over the first forward positions"),
                    at(-2),
                )?,
                milestone("m2", text("ar", "إعادة فتح معبر القنيطرة"), at(3))?,
                milestone("m3", text("he", "פינוי העמדות בחרמון"), at(21))?,
                milestone(
                    "m4",
                    text("en", "Withdrawal to the 1974 lines completed"),
                    at(60),
                )?,
            ],
        },
        "sy.liaison",
    )
    .await?;
    for by in ["il.liaison", "sy.liaison", "us.supervisor"] {
        let command = CommitmentsCommand::Approve {
            commitment: id.clone(),
            version: 1,
        };
        commitments(cell, command, by).await?;
    }
    let m2 = MilestoneId::new("m2").context("demo milestone id")?;
    commitments(
        cell,
        CommitmentsCommand::Attest {
            commitment: id.clone(),
            milestone: m2.clone(),
            evidence: Evidence {
                text: text("he", "המעבר נפתח מחדש לתנועה אזרחית בשעה 06:00."),
                links: vec!["https://example.org/quneitra-crossing.jpg".into()],
            },
        },
        "il.liaison",
    )
    .await?;
    commitments(
        cell,
        CommitmentsCommand::Verify {
            commitment: id,
            milestone: m2,
            verified: true,
            reason: None,
        },
        "us.supervisor",
    )
    .await?;

    // A proposal still awaiting Syria's and the supervisor's approval.
    let hotline = CommitmentId::new("hotline-staffing").context("demo commitment id")?;
    commitments(
        cell,
        CommitmentsCommand::Propose {
            commitment: hotline.clone(),
            owner: party("sy")?,
            beneficiary: party("il")?,
            track: TrackId::new("diplomatic").context("demo track")?,
            title: text("en", "Staff the hotline around the clock"),
            milestones: vec![
                milestone("m1", text("ar", "تعيين ضباط اتصال لثلاث نوبات"), at(7))?,
                milestone(
                    "m2",
                    text("en", "Round-the-clock watch for a month"),
                    at(37),
                )?,
            ],
        },
        "il.liaison",
    )
    .await?;
    commitments(
        cell,
        CommitmentsCommand::Approve {
            commitment: hotline,
            version: 1,
        },
        "il.liaison",
    )
    .await
}
