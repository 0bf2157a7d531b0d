//! The demo cell: Israel and Syria under US supervision, as in the January 2026 joint statement,
//! with a thread per track and a few messages drawn from the statement, and de-escalation data
//! (illustrative zones, activities, incidents, a track) from [`deescalation`], a dispute in
//! mediation with two commercial opportunities from [`disputes`], illustrative intelligence
//! reports across the markings from [`intel`], and the Paris meeting, the joint statement and
//! commitments from [`commitments`].

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use fusioncell_domain::{
    Actor, CellConfig, Command, LangText, MessageId, NewMessage, PartyId, Priority, ThreadId,
    TrackId, UserId,
};
use fusioncell_server::auth::{generate_password, random_id};

use crate::operator::{Cell, Location};

mod commitments;
mod deescalation;
mod disputes;
mod intel;

/// How long the demo waits at start for its witnesses' first cosignatures.
const WITNESS_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The demo cell's configuration: the documented example.
pub const CONFIG: &str = include_str!("../../../examples/levant-cell.toml");

/// The demo accounts: login, display name, roles.
pub const ACCOUNTS: [(&str, &str, &[&str]); 8] = [
    ("il.liaison", "Israeli liaison officer", &["liaison"]),
    ("il.analyst", "Israeli analyst", &["analyst"]),
    ("il.admin", "Israeli administrator", &["admin"]),
    ("sy.liaison", "Syrian liaison officer", &["liaison"]),
    ("sy.analyst", "Syrian analyst", &["analyst"]),
    ("sy.admin", "Syrian administrator", &["admin"]),
    (
        "us.supervisor",
        "US supervisor officer",
        &["liaison", "approver"],
    ),
    ("us.admin", "US administrator", &["admin"]),
];

fn id(text: &str) -> UserId {
    UserId::new(text).expect("demo ids are valid")
}

fn text(lang: &str, body: &str) -> LangText {
    LangText {
        lang: lang.into(),
        text: body.into(),
    }
}

/// Creates the demo cell in `dir` (or reopens it), sets every demo account's password, prints
/// where to log in, and serves until stopped.
pub async fn run(listen: SocketAddr, dir: &Path, password: Option<String>) -> anyhow::Result<()> {
    let cell = Cell::open(&Location::sqlite(dir)).await?;
    let password = password.unwrap_or_else(generate_password);
    let created = cell.app.core.read().state.config().is_none();
    if created {
        create(&cell, &password).await?;
    } else {
        for (login, _, _) in ACCOUNTS {
            cell.set_password(&id(login), &password).await?;
        }
    }
    let log_key = crate::record::demo_witnesses(&cell, dir).await?;
    // Wait for a checkpoint of the whole record cosigned by every witness.
    let size = cell.app.core.read().log.len() as u64;
    let signatures = 1 + cell.app.record.witnesses().len();
    let cosigned = cell
        .app
        .record
        .wait_for(size, WITNESS_WAIT, |p| {
            p.signed.note.signatures().len() >= signatures
        })
        .await;
    let witnesses: Vec<String> = cell
        .app
        .record
        .witnesses()
        .iter()
        .map(|w| w.party.to_string())
        .collect();
    cell.serve(listen, |url| {
        let verb = if created { "created" } else { "reopened" };
        println!("Fusion Cell demo {verb} in {}", dir.display());
        println!();
        println!("  Log in at {url}/login");
        println!("  Password of every account: {password}");
        println!();
        for (login, name, roles) in ACCOUNTS {
            println!("  {login:<15} {name} ({})", roles.join(", "));
        }
        println!();
        println!("  API description: {url}/api/openapi.json    Stop with Ctrl-C.");
        println!();
        println!("  The shared record's log key: {}", log_key.verifier_key());
        match &cosigned {
            Some(p) => println!(
                "  Checkpoint of {} entries cosigned by the witnesses of {}: {url}/log/checkpoint",
                p.size(),
                witnesses.join(", ")
            ),
            None => println!("  The witnesses have not cosigned yet: see {url}/api/v1/log/status"),
        }
    })
    .await
}

async fn create(cell: &Cell, password: &str) -> anyhow::Result<()> {
    let config = CellConfig::from_toml(CONFIG).context("the demo configuration")?;
    cell.app
        .core
        .submit(Actor::Cell, Command::Configure(config))
        .await?;
    for (login, name, roles) in ACCOUNTS {
        let party =
            PartyId::new(login.split('.').next().unwrap_or_default()).context("demo party")?;
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        cell.add_user(&id(login), name, &party, &roles, password.to_string())
            .await?;
    }
    seed(cell).await?;
    deescalation::seed(cell).await?;
    disputes::seed(cell).await?;
    intel::seed(cell).await?;
    commitments::seed(cell).await
}

/// Posts the demo's threads and messages, as their authors.
async fn seed(cell: &Cell) -> anyhow::Result<()> {
    let core = &cell.app.core;
    let as_user = |u: &str| Actor::User(id(u));
    let open =
        |track: &str, subject: LangText, with: &[&str], first: LangText, priority: Priority| {
            let thread = ThreadId::new(&random_id("t-")).expect("random ids are valid");
            let message = MessageId::new(&random_id("m-")).expect("random ids are valid");
            let command = Command::OpenThread {
                thread: thread.clone(),
                track: TrackId::new(track).expect("demo tracks are valid"),
                subject,
                participants: with.iter().filter_map(|p| PartyId::new(p)).collect(),
                first: Some(NewMessage {
                    id: message.clone(),
                    body: first,
                    priority,
                }),
            };
            (thread, message, command)
        };
    let post = |thread: &ThreadId, body: LangText, priority: Priority| {
        let message = MessageId::new(&random_id("m-")).expect("random ids are valid");
        (
            message.clone(),
            Command::PostMessage {
                thread: thread.clone(),
                message: NewMessage {
                    id: message,
                    body,
                    priority,
                },
            },
        )
    };

    // Diplomatic engagement: the Paris meeting and the request for a timeline.
    let (diplomatic, statement, command) = open(
        "diplomatic",
        text("en", "Paris meeting: follow-up of the joint statement"),
        &["il", "sy"],
        text(
            "en",
            "Under the auspices of the United States, senior Israeli and Syrian officials met in Paris. Both Sides have decided to establish a joint fusion mechanism, a dedicated communication cell, to facilitate immediate and ongoing coordination on their intelligence sharing, military de-escalation, diplomatic engagement, and commercial opportunities. This thread records the follow-up.",
        ),
        Priority::Routine,
    );
    core.submit(as_user("us.supervisor"), command).await?;
    let (timeline, command) = post(
        &diplomatic,
        text(
            "ar",
            "هناك حاجة إلى جدول زمني محدد للمضي قدماً في الملفات الاستراتيجية مع إسرائيل، وإلى جدول زمني محدد لانسحابها.",
        ),
        Priority::Priority,
    );
    core.submit(as_user("sy.liaison"), command).await?;
    core.submit(as_user("sy.liaison"), Command::Translate {
        message: timeline.clone(),
        text: text("en", "There is a need for a specific timeline to proceed with the strategic files with Israel, and a specific timeline for its withdrawal."),
    })
    .await?;
    core.submit(
        as_user("il.liaison"),
        Command::Acknowledge { message: timeline },
    )
    .await?;
    core.submit(
        as_user("il.liaison"),
        Command::Acknowledge {
            message: statement.clone(),
        },
    )
    .await?;
    let (answer, command) = post(
        &diplomatic,
        text(
            "he",
            "התקבל. ישראל מחויבת לשאוף להסדרי ביטחון ויציבות של קבע לשתי המדינות. נשיב על לוח הזמנים המבוקש בפגישה הבאה.",
        ),
        Priority::Routine,
    );
    core.submit(as_user("il.liaison"), command).await?;
    core.submit(as_user("il.liaison"), Command::Translate {
        message: answer,
        text: text("en", "Received. Israel is committed to strive toward lasting security and stability arrangements for both countries. We will answer on the requested timeline at the next meeting."),
    })
    .await?;

    // Military de-escalation: a hotline check.
    let (_, check, command) = open(
        "de-escalation",
        text("en", "Hotline check"),
        &["sy"],
        text(
            "en",
            "Hotline test from the Israeli duty desk. Please acknowledge receipt.",
        ),
        Priority::Priority,
    );
    core.submit(as_user("il.liaison"), command).await?;
    core.submit(
        as_user("sy.liaison"),
        Command::Acknowledge { message: check },
    )
    .await?;

    // Intelligence sharing: the channel opens.
    let (_, _, command) = open(
        "intelligence",
        text("en", "Exchange of intelligence information"),
        &["sy"],
        text(
            "en",
            "Channel open for the exchange of intelligence information, as agreed in Paris. Reports on this track are vetted by the supervisor before release.",
        ),
        Priority::Routine,
    );
    core.submit(as_user("il.analyst"), command).await?;

    // Commercial opportunities.
    let (_, _, command) = open(
        "commercial",
        text("en", "Commercial opportunities"),
        &["il", "sy"],
        text(
            "en",
            "\u{201c}When sovereign nations cooperate in a respectful and productive way, prosperity will be unleashed.\u{201d} Proposals for commercial opportunities are welcome on this track.",
        ),
        Priority::Routine,
    );
    core.submit(as_user("us.supervisor"), command).await?;
    Ok(())
}
