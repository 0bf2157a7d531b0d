//! What the templates show: the domain's records turned into plain, already translated values.
//! Whether a button is offered asks the domain's own rules ([`authz`]); the domain decides again
//! when the button is pressed, so a stale page can never do more than the rules allow.

use fusioncell_domain::config::name_in;
use fusioncell_domain::due::{Due, DueWhat};
use fusioncell_domain::message::{Receipt, Translation};
use fusioncell_domain::{
    CellConfig, CellState, LangText, Message, PartyId, Priority, Span, Thread, Timestamp, User,
    authz, queries,
};

use super::assets;
use super::i18n::{I18n, Lang, countdown};
use super::session::SignedIn;
use crate::error::ApiError;

/// A text with the language it was written in.
pub struct Text {
    /// Its language tag, for the `lang` attribute.
    pub lang: String,
    /// The text exactly as written.
    pub text: String,
}

impl From<&LangText> for Text {
    fn from(t: &LangText) -> Text {
        Text {
            lang: t.lang.clone(),
            text: t.text.clone(),
        }
    }
}

/// An instant: machine-readable for `<time datetime>`, and for people.
pub struct When {
    /// RFC 3339.
    pub iso: String,
    /// Date and time, e.g. "6 January 2026, 12:00 UTC".
    pub readable: String,
    /// Time of day to the second, for receipts.
    pub short: String,
}

impl When {
    /// `t` in the reader's language.
    pub fn new(t: &I18n, at: Timestamp) -> When {
        When {
            iso: at.to_rfc3339(),
            readable: t.date_time(at),
            short: t.time_of_day(at),
        }
    }
}

/// An acknowledgement deadline with its countdown.
pub struct Deadline {
    /// When it falls.
    pub when: When,
    /// Milliseconds since the epoch, for the script's countdown.
    pub millis: i64,
    /// Whether some addressed party still owes an acknowledgement (the countdown runs).
    pub running: bool,
    /// Whether it has passed.
    pub overdue: bool,
    /// The countdown at the time of rendering.
    pub countdown: String,
}

/// One open obligation on the dashboard: what is owed, on which record, by when.
pub struct DueItem {
    /// The record's page.
    pub href: String,
    /// What is owed, translated.
    pub label: String,
    /// The record's title as written.
    pub title: Text,
    /// When it is due, with its countdown.
    pub deadline: Deadline,
}

/// One addressed party's receipts for a message.
pub struct ReceiptItem {
    /// The party's name.
    pub party: String,
    /// When the message reached it.
    pub delivered: Option<When>,
    /// When it was first opened.
    pub read: Option<When>,
    /// When it was acknowledged.
    pub acknowledged: Option<When>,
    /// "by <user>" for the acknowledgement.
    pub acknowledged_by: String,
}

/// A translation, labelled with who made it.
pub struct TranslationItem {
    /// The translated text.
    pub text: Text,
    /// "Translation by X (party)".
    pub label: String,
}

/// A message as the console shows it.
pub struct MessageItem {
    /// Where its receipt from the shared record is fetched (C2SP tlog-proof).
    pub receipt: String,
    /// Message id.
    pub id: String,
    /// Its thread's id.
    pub thread: String,
    /// The thread's subject, shown where messages of several threads are listed.
    pub subject: Option<Text>,
    /// The author's name at the time.
    pub author: String,
    /// The author's party.
    pub party: String,
    /// `routine`, `priority` or `flash`, for the badge's class.
    pub priority_class: &'static str,
    /// The priority in the reader's language.
    pub priority: String,
    /// The original, authoritative text.
    pub body: Text,
    /// The original's language, named in the reader's language.
    pub body_language: String,
    /// When it was posted.
    pub posted: When,
    /// Translations, oldest first.
    pub translations: Vec<TranslationItem>,
    /// Receipts of each addressed party.
    pub receipts: Vec<ReceiptItem>,
    /// The acknowledgement deadline.
    pub deadline: Option<Deadline>,
    /// Names of the parties that have not acknowledged yet, joined.
    pub awaiting: String,
    /// When the missed deadline escalated to the supervisor.
    pub escalated: Option<When>,
    /// Whether the reader may acknowledge it for their party now.
    pub can_acknowledge: bool,
    /// Whether the reader may add a translation.
    pub can_translate: bool,
    /// A translation being written, kept when it was refused.
    pub draft: Draft,
}

/// Text typed into a form, kept when the form is shown again after a refusal.
#[derive(Default)]
pub struct Draft {
    /// The language chosen.
    pub lang: String,
    /// The text typed.
    pub text: String,
    /// Whether this form is the one that was refused (so it opens).
    pub open: bool,
}

/// A thread in a list.
pub struct ThreadItem {
    /// Thread id.
    pub id: String,
    /// Subject.
    pub subject: Text,
    /// Track name.
    pub track: String,
    /// Participants' names, joined.
    pub participants: String,
    /// Latest activity.
    pub last_activity: When,
    /// "N messages".
    pub messages: String,
    /// "N to acknowledge" when the reader's party owes acknowledgements here.
    pub to_acknowledge: Option<String>,
}

/// A choice in a `<select>` or a group of radio buttons.
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// Whether it is selected.
    pub selected: bool,
}

/// A link of the navigation.
pub struct NavLink {
    /// Where it goes.
    pub href: String,
    /// Its text.
    pub label: String,
    /// Number of threads behind it, for tracks.
    pub count: Option<usize>,
    /// Whether it is the current page.
    pub current: bool,
}

/// The signed-in user, as the header shows them.
pub struct UserBar {
    /// Display name.
    pub name: String,
    /// Login name.
    pub login: String,
    /// Party name.
    pub party: String,
}

/// Everything the layout around a page needs.
pub struct Frame {
    /// The page's title.
    pub title: String,
    /// The cell's name.
    pub cell_name: String,
    /// The signed-in user; `None` on the sign-in page.
    pub user: Option<UserBar>,
    /// Navigation links (empty when signed out).
    pub nav: Vec<NavLink>,
    /// The interface languages, the current one selected.
    pub languages: Vec<Choice>,
    /// This page's path and query, where forms on it send the reader back.
    pub here: String,
    /// The session's CSRF token, for every form.
    pub csrf: String,
    /// The live stream to follow, resuming after the last event this page reflects.
    pub events: Option<String>,
    /// The server's clock when rendering, so countdowns agree with it.
    pub now_ms: i64,
    /// URL of the style sheet.
    pub css: String,
    /// URL of the script.
    pub js: String,
}

/// The interface languages as choices, `current` selected.
pub fn language_choices(current: Lang) -> Vec<Choice> {
    Lang::ALL
        .into_iter()
        .map(|l| Choice {
            value: l.code().into(),
            label: l.endonym().into(),
            selected: l == current,
        })
        .collect()
}

/// Reads the state for one signed-in reader and builds what pages show.
pub struct Viewer<'a> {
    /// The reader's language.
    pub t: I18n,
    /// The cell's configuration.
    pub config: &'a CellConfig,
    /// The state, as committed.
    pub state: &'a CellState,
    /// The reader.
    pub user: &'a User,
    /// The time of rendering.
    pub now: Timestamp,
}

impl<'a> Viewer<'a> {
    /// The reader's party.
    pub fn party(&self) -> &'a PartyId {
        &self.user.party
    }

    /// A party's name in the reader's language.
    pub fn party_name(&self, id: &PartyId) -> String {
        self.config
            .party(id)
            .map(|p| name_in(&p.names, self.t.code()).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// A track's name in the reader's language.
    pub fn track_name(&self, id: &fusioncell_domain::TrackId) -> String {
        self.config
            .track(id)
            .map(|t| name_in(&t.names, self.t.code()).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// A language of texts, named in the reader's language.
    pub fn language_name(&self, code: &str) -> String {
        match code {
            "en" => self.t.tr("language-en"),
            "ar" => self.t.tr("language-ar"),
            "he" => self.t.tr("language-he"),
            other => other.to_string(),
        }
    }

    /// The cell's languages as choices for a text, `selected` chosen.
    pub fn text_languages(&self, selected: &str) -> Vec<Choice> {
        self.config
            .languages
            .iter()
            .map(|code| Choice {
                value: code.clone(),
                label: self.language_name(code),
                selected: code == selected,
            })
            .collect()
    }

    /// The language the reader's party writes in first: the default for new texts.
    pub fn writing_language(&self) -> String {
        self.config
            .party(self.party())
            .and_then(|p| p.languages.first())
            .or_else(|| self.config.languages.first())
            .cloned()
            .unwrap_or_else(|| self.t.code().to_string())
    }

    /// A priority in the reader's language.
    pub fn priority_name(&self, p: Priority) -> String {
        match p {
            Priority::Routine => self.t.tr("priority-routine"),
            Priority::Priority => self.t.tr("priority-priority"),
            Priority::Flash => self.t.tr("priority-flash"),
        }
    }

    /// The priorities as choices, each with its acknowledgement deadline, `selected` chosen.
    pub fn priorities(&self, selected: &str) -> Vec<Choice> {
        Priority::ALL
            .into_iter()
            .map(|p| Choice {
                value: p.as_str().into(),
                label: self.t.tr_args(
                    "priority-choice",
                    &[
                        ("priority", self.priority_name(p).into()),
                        (
                            "span",
                            self.t
                                .span(self.config.acknowledgement.for_priority(p))
                                .into(),
                        ),
                    ],
                ),
                selected: p.as_str() == selected,
            })
            .collect()
    }

    /// Party names joined for reading.
    pub fn party_list<'p>(&self, parties: impl IntoIterator<Item = &'p PartyId>) -> String {
        parties
            .into_iter()
            .map(|p| self.party_name(p))
            .collect::<Vec<_>>()
            .join(&self.t.tr("list-separator"))
    }

    /// A deadline as shown: when it falls and, while someone still owes (`running`), the
    /// countdown the script keeps live.
    pub fn deadline(&self, due: Timestamp, running: bool) -> Deadline {
        Deadline {
            when: When::new(&self.t, due),
            millis: due.millis(),
            running,
            overdue: due <= self.now,
            countdown: countdown(due, self.now),
        }
    }

    /// One of the reader's party's open obligations, linking to its record.
    pub fn due(&self, d: &Due) -> DueItem {
        let (href, label) = match &d.what {
            DueWhat::MessageAcknowledgement(id) => {
                let thread = self.state.messages.get(id).map(|m| m.thread.to_string());
                (
                    format!("/threads/{}#m-{id}", thread.unwrap_or_default()),
                    self.t.tr("due-message-acknowledgement"),
                )
            }
            DueWhat::ActivityAcknowledgement(id) => (
                format!("/activities/{id}"),
                self.t.tr("due-activity-acknowledgement"),
            ),
            DueWhat::DisputeStep(id, owed) => (
                format!("/disputes/{id}"),
                crate::console::disputes::step_label(&self.t, *owed),
            ),
            DueWhat::ReportAcknowledgement(id) => (
                format!("/intel/reports/{id}"),
                self.t.tr("due-report-acknowledgement"),
            ),
            DueWhat::MilestoneAttestation(c, m) => (
                format!("/commitments/{c}#ms-{m}"),
                self.t.tr("due-milestone-attestation"),
            ),
        };
        DueItem {
            href,
            label,
            title: (&d.title).into(),
            deadline: self.deadline(d.due, true),
        }
    }

    /// A message as the reader sees it; with its thread's subject when `with_subject`.
    pub fn message(&self, m: &Message, thread: &Thread, with_subject: bool) -> MessageItem {
        let t = &self.t;
        let receipts = m
            .receipts
            .iter()
            .map(|(party, r)| self.receipt(party, r))
            .collect();
        let awaiting = m.unacknowledged();
        MessageItem {
            receipt: format!("/api/v1/log/receipts/{}", m.log_index),
            id: m.id.to_string(),
            thread: m.thread.to_string(),
            subject: with_subject.then(|| (&thread.subject).into()),
            author: m.author_name.clone(),
            party: self.party_name(&m.author_party),
            priority_class: m.priority.as_str(),
            priority: self.priority_name(m.priority),
            body: (&m.body).into(),
            body_language: self.language_name(&m.body.lang),
            posted: When::new(t, m.posted_at),
            translations: m
                .translations
                .iter()
                .map(|tr| self.translation(tr))
                .collect(),
            receipts,
            deadline: m.deadline.map(|d| self.deadline(d, !awaiting.is_empty())),
            awaiting: self.party_list(&awaiting),
            escalated: m.escalated_at.map(|e| When::new(t, e)),
            can_acknowledge: m.awaits(self.party())
                && authz::require_acknowledge(self.user).is_ok(),
            can_translate: authz::require_translate(self.user, &thread.track).is_ok(),
            draft: Draft {
                lang: self.other_language(&m.body.lang),
                ..Draft::default()
            },
        }
    }

    /// The language a translation of a text in `original` most likely goes to: the reader's
    /// interface language, or else the first other language of the cell.
    fn other_language(&self, original: &str) -> String {
        std::iter::once(self.t.code())
            .chain(self.config.languages.iter().map(String::as_str))
            .find(|l| *l != original)
            .unwrap_or(original)
            .to_string()
    }

    fn receipt(&self, party: &PartyId, r: &Receipt) -> ReceiptItem {
        ReceiptItem {
            party: self.party_name(party),
            delivered: r.delivered_at.map(|at| When::new(&self.t, at)),
            read: r.read_at.map(|at| When::new(&self.t, at)),
            acknowledged: r.acknowledged_at.map(|at| When::new(&self.t, at)),
            acknowledged_by: r
                .acknowledged_by
                .as_ref()
                .map(|u| {
                    self.t
                        .tr_args("acknowledged-by", &[("user", u.to_string().into())])
                })
                .unwrap_or_default(),
        }
    }

    fn translation(&self, tr: &Translation) -> TranslationItem {
        TranslationItem {
            text: (&tr.text).into(),
            label: self.t.tr_args(
                "translation-by",
                &[
                    ("language", self.language_name(&tr.text.lang).into()),
                    ("translator", tr.translator.to_string().into()),
                    ("party", self.party_name(&tr.translator_party).into()),
                ],
            ),
        }
    }

    /// A thread in a list.
    pub fn thread_item(&self, th: &Thread) -> ThreadItem {
        let owed = queries::messages(self.state, th)
            .into_iter()
            .filter(|m| m.awaits(self.party()))
            .count();
        ThreadItem {
            id: th.id.to_string(),
            subject: (&th.subject).into(),
            track: self.track_name(&th.track),
            participants: self.party_list(&th.participants),
            last_activity: When::new(&self.t, th.last_activity),
            messages: self
                .t
                .tr_args("message-count", &[("count", th.messages.len().into())]),
            to_acknowledge: (owed > 0).then(|| {
                self.t
                    .tr_args("to-acknowledge-count", &[("count", owed.into())])
            }),
        }
    }

    /// The navigation: dashboard, all threads, each track with its thread count, a new thread.
    pub fn nav(&self, current: &str) -> Vec<NavLink> {
        let link = |href: String, label: String, count: Option<usize>| NavLink {
            current: href == current,
            href,
            label,
            count,
        };
        let mut links = vec![
            link("/".into(), self.t.tr("nav-dashboard"), None),
            link("/threads".into(), self.t.tr("nav-threads"), None),
        ];
        for track in &self.config.tracks {
            let count = queries::threads(self.state, Some(self.party()), Some(&track.id)).len();
            links.push(link(
                format!("/threads?track={}", track.id),
                name_in(&track.names, self.t.code()).to_string(),
                Some(count),
            ));
        }
        links.push(link(
            "/threads/new".into(),
            self.t.tr("nav-new-thread"),
            None,
        ));
        links.push(link("/map".into(), self.t.tr("nav-map"), None));
        links.push(link("/disputes".into(), self.t.tr("nav-disputes"), None));
        links.push(link(
            "/commercial".into(),
            self.t.tr("nav-commercial"),
            None,
        ));
        let owed = fusioncell_domain::intel::queries::reports(
            self.state,
            Some(self.party()),
            &fusioncell_domain::intel::queries::ReportFilter {
                awaiting: Some(self.party().clone()),
                ..Default::default()
            },
        )
        .len();
        links.push(link(
            "/intel".into(),
            self.t.tr("nav-intel"),
            (owed > 0).then_some(owed),
        ));
        links.push(link(
            "/commitments".into(),
            self.t.tr("nav-commitments"),
            None,
        ));
        links.push(link("/meetings".into(), self.t.tr("nav-meetings"), None));
        links.push(link("/record".into(), self.t.tr("nav-record"), None));
        links
    }

    /// The layout around a page titled `title` at `here`, for `visitor`.
    pub fn frame(
        &self,
        visitor: &SignedIn,
        title: String,
        here: &str,
        after: Option<u64>,
    ) -> Frame {
        let nav_current = here.split('#').next().unwrap_or(here);
        Frame {
            title,
            cell_name: self.config.name.clone(),
            user: Some(UserBar {
                name: self.user.display_name.clone(),
                login: self.user.id.to_string(),
                party: self.party_name(self.party()),
            }),
            nav: self.nav(nav_current),
            languages: language_choices(self.t.0),
            here: here.to_string(),
            csrf: visitor.csrf.clone(),
            events: Some(match after {
                Some(index) => format!("/api/v1/events?after={index}"),
                None => "/api/v1/events".into(),
            }),
            now_ms: self.now.millis(),
            css: assets::css_url(),
            js: assets::js_url(),
        }
    }
}

/// A form's field named in a refusal: where to jump to, and its label.
pub struct ProblemField {
    /// The input's id.
    pub id: String,
    /// The input's label.
    pub label: String,
}

/// Why a request was refused, in the reader's language.
pub struct Problem {
    /// What went wrong.
    pub message: String,
    /// The form field at fault, when one is.
    pub field: Option<ProblemField>,
    /// The domain's own explanation (in English), for refusals it explains.
    pub detail: Option<String>,
}

impl Problem {
    /// Explains `e`; `field` names the input behind one of the domain's field names.
    pub fn new(t: &I18n, e: &ApiError, field: impl Fn(&str) -> Option<ProblemField>) -> Problem {
        let message = match e.code {
            "not_found" => t.tr("error-not-found"),
            "forbidden" => t.tr("error-forbidden"),
            "invalid_field" => t.tr("error-invalid"),
            "conflict" => t.tr("error-conflict"),
            "account_disabled" => t.tr("error-account-disabled"),
            "not_configured" => t.tr("error-not-configured"),
            "csrf_failed" => t.tr("error-csrf"),
            "rate_limited" => t.tr_args(
                "error-rate-limited",
                &[(
                    "span",
                    t.span(Span::seconds(e.retry_after.unwrap_or(60) as i64))
                        .into(),
                )],
            ),
            "storage_unavailable" | "shutting_down" => t.tr("error-unavailable"),
            _ => t.tr("error-unexpected"),
        };
        let explained = matches!(e.code, "invalid_field" | "forbidden" | "conflict");
        Problem {
            message,
            field: (e.code == "invalid_field")
                .then(|| e.message.split(' ').next())
                .flatten()
                .and_then(field),
            detail: explained.then(|| e.message.clone()),
        }
    }

    /// A problem that is only a message.
    pub fn message(message: String) -> Problem {
        Problem {
            message,
            field: None,
            detail: None,
        }
    }
}
