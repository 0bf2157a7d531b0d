//! The console's languages: English, Arabic and Hebrew, from the Fluent files in `locales/`,
//! with the language negotiation, text direction, and readable dates and durations.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::header;
use axum::http::request::Parts;
use chrono::{Datelike, Timelike};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use fusioncell_domain::{Span, Timestamp};

use crate::caller::cookie;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
    };
}

/// Name of the cookie remembering the interface language outside a session (the login page).
pub const LANG_COOKIE: &str = "fc_lang";

/// A language the console speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Arabic (right to left).
    Ar,
    /// Hebrew (right to left).
    He,
}

impl Lang {
    /// Every interface language, in the order the switcher offers them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ar, Lang::He];

    /// The BCP 47 tag, as in `lang` attributes and the session.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::He => "he",
        }
    }

    /// The language's own name for itself, so a reader finds their language whatever the page's.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::He => "עברית",
        }
    }

    /// The language with tag `code`, if the console speaks it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code.trim())
    }

    fn id(self) -> &'static LanguageIdentifier {
        static IDS: LazyLock<[LanguageIdentifier; 3]> = LazyLock::new(|| {
            Lang::ALL.map(|l| l.code().parse().expect("en, ar and he are language tags"))
        });
        &IDS[self as usize]
    }
}

/// The language of a page for a visitor without a session: `?lang=`, then the language cookie,
/// then the browser's `Accept-Language`, then `default` (the cell's first language).
pub fn negotiate(parts: &Parts, asked: Option<&str>, default: Option<&str>) -> Lang {
    asked
        .and_then(Lang::from_code)
        .or_else(|| cookie(parts, LANG_COOKIE).and_then(Lang::from_code))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    // Listed by preference; quality values are rarely anything but descending.
                    v.split(',')
                        .filter_map(|item| item.split(';').next())
                        .filter_map(|tag| tag.trim().split('-').next())
                        .find_map(|primary| Lang::from_code(&primary.to_ascii_lowercase()))
                })
        })
        .or_else(|| default.and_then(Lang::from_code))
        .unwrap_or(Lang::En)
}

/// The keys of the month names, January first.
pub const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

/// Translations in one language; templates call its `tr` with a key of the Fluent files.
#[derive(Clone, Copy, Debug)]
pub struct I18n(pub Lang);

impl I18n {
    /// The language tag for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// The writing direction for `<html dir>`: Arabic and Hebrew run right to left.
    pub fn dir(&self) -> &'static str {
        if fusioncell_domain::language::is_right_to_left(self.0.code()) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The text of `key`.
    pub fn tr(&self, key: &str) -> String {
        LOCALES.lookup(self.0.id(), key)
    }

    /// The text of `key` with its arguments filled in.
    pub fn tr_args(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES.lookup_with_args(self.0.id(), key, &args)
    }

    /// A date and time people read at a glance, in UTC: the cell spans time zones, so one zone
    /// is shown everywhere and labelled.
    pub fn date_time(&self, t: Timestamp) -> String {
        let Some(at) = chrono::DateTime::from_timestamp_millis(t.millis()) else {
            return t.to_rfc3339();
        };
        self.tr_args(
            "date-time",
            &[
                ("day", at.day().into()),
                ("month", self.tr(MONTHS[at.month0() as usize]).into()),
                ("year", at.year().into()),
                (
                    "time",
                    format!("{:02}:{:02}", at.hour(), at.minute()).into(),
                ),
            ],
        )
    }

    /// A date without the time, in UTC (the timeline's axis).
    pub fn date(&self, t: Timestamp) -> String {
        let Some(at) = chrono::DateTime::from_timestamp_millis(t.millis()) else {
            return t.to_rfc3339();
        };
        self.tr_args(
            "date-day",
            &[
                ("day", at.day().into()),
                ("month", self.tr(MONTHS[at.month0() as usize]).into()),
                ("year", at.year().into()),
            ],
        )
    }

    /// The time of day, to the second, in UTC (receipts, where the date is the message's).
    pub fn time_of_day(&self, t: Timestamp) -> String {
        match chrono::DateTime::from_timestamp_millis(t.millis()) {
            Some(at) => self.tr_args(
                "time-utc",
                &[(
                    "time",
                    format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second()).into(),
                )],
            ),
            None => t.to_rfc3339(),
        }
    }

    /// A duration in its largest whole unit, e.g. "5 minutes", "24 hours" → "1 day".
    pub fn span(&self, span: Span) -> String {
        let ms = span.millis();
        let (key, n) = if ms % 86_400_000 == 0 {
            ("duration-days", ms / 86_400_000)
        } else if ms % 3_600_000 == 0 {
            ("duration-hours", ms / 3_600_000)
        } else if ms % 60_000 == 0 {
            ("duration-minutes", ms / 60_000)
        } else {
            ("duration-seconds", ms / 1000)
        };
        self.tr_args(key, &[("n", n.into())])
    }
}

/// A countdown as the page shows it and the script keeps ticking: `HH:MM:SS` of the time between
/// `now` and `deadline`, whichever comes first (the page says which).
pub fn countdown(deadline: Timestamp, now: Timestamp) -> String {
    let seconds = deadline.millis_since(now).unsigned_abs() / 1000;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Every file under `dir`, recursively, with its text.
    fn read_tree(dir: &Path, files: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("the directory exists") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                read_tree(&path, files);
            } else {
                let text = std::fs::read_to_string(&path).expect("a text file");
                files.push((path.display().to_string(), text));
            }
        }
    }

    /// Each language with the text of all its Fluent files (one file per workflow), joined.
    fn files() -> Vec<(Lang, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        Lang::ALL
            .into_iter()
            .map(|lang| {
                let mut ftl = Vec::new();
                read_tree(&root.join(lang.code()), &mut ftl);
                ftl.sort();
                let text = ftl.into_iter().map(|(_, t)| t + "\n").collect();
                (lang, text)
            })
            .collect()
    }

    /// The message ids defined in Fluent text: entries start at the first column. A key defined
    /// twice (in one file or two) fails, since one definition would silently hide the other.
    fn keys(ftl: &str) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for key in ftl
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        {
            assert!(keys.insert(key.clone()), "`{key}` is defined twice");
        }
        keys
    }

    /// Every file of the console's templates and code, with its text.
    fn sources() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["templates", "src/console"] {
            read_tree(&root.join(dir), &mut files);
        }
        files
    }

    /// The literal keys passed to `tr` and `tr_args` in `text`.
    fn used_keys(text: &str) -> Vec<String> {
        let mut used = Vec::new();
        // Spelled in two pieces so that this line is not taken for a call itself.
        for call in [concat!(".", "tr("), concat!(".", "tr_args(")] {
            let mut rest = text;
            while let Some(at) = rest.find(call) {
                rest = rest[at + call.len()..].trim_start();
                if let Some(quoted) = rest.strip_prefix('"')
                    && let Some(end) = quoted.find('"')
                {
                    used.push(quoted[..end].to_string());
                }
            }
        }
        used
    }

    #[test]
    fn the_three_languages_have_the_same_keys() {
        let files = files();
        let english = keys(&files[0].1);
        assert!(english.len() > 50, "the English file is read");
        for (lang, ftl) in &files {
            let these = keys(ftl);
            let missing: Vec<_> = english.difference(&these).collect();
            let extra: Vec<_> = these.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang:?}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_key_used_exists_and_every_key_is_used() {
        let defined = keys(&files()[0].1);
        let sources = sources();
        let mut used: BTreeSet<String> = MONTHS.iter().map(|k| k.to_string()).collect();
        for (path, text) in &sources {
            for key in used_keys(text) {
                assert!(
                    defined.contains(&key),
                    "{path} uses `{key}`, which no Fluent file defines"
                );
                used.insert(key);
            }
        }
        for key in [
            "duration-days",
            "duration-hours",
            "duration-minutes",
            "duration-seconds",
        ] {
            used.insert(key.to_string());
        }
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(unused.is_empty(), "keys defined but never used: {unused:?}");
    }

    #[test]
    fn every_message_formats_in_every_language() {
        let sample: &[(&'static str, FluentValue<'static>)] = &[
            ("n", 2.into()),
            ("count", 3.into()),
            ("day", 6.into()),
            ("month", "x".into()),
            ("year", 2026.into()),
            ("time", "12:00".into()),
            ("translator", "sy.liaison".into()),
            ("party", "Syria".into()),
            ("span", "5".into()),
            ("user", "il.liaison".into()),
            ("language", "English".into()),
            ("priority", "Flash".into()),
            // De-escalation (console/map*.rs).
            ("parties", "Israel, Syria".into()),
            ("kind", "Air".into()),
            ("window", "6 January 2026, 12:00 UTC to 15:00 UTC".into()),
            ("start", "6 January 2026, 12:00 UTC".into()),
            ("end", "6 January 2026, 15:00 UTC".into()),
            ("notice", "2 hours".into()),
            ("required", "1 day".into()),
            ("version", 2.into()),
            ("activity", "Air by Israel".into()),
            ("other", "Air by Syria".into()),
            ("zone", "Area of separation".into()),
            ("category", "Tanks".into()),
            ("cap", 75.into()),
            ("total", 90.into()),
            ("track", "il-patrol-3".into()),
            ("name", "Area of separation".into()),
            ("status", "in force".into()),
            ("lower", 1000.into()),
            ("upper", 4000.into()),
            // Disputes (console/disputes.rs).
            ("step", "Answer the dispute".into()),
        ];
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = sample
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        for (lang, ftl) in files() {
            for key in keys(&ftl) {
                let text = LOCALES
                    .lookup_single_language(lang.id(), &key, Some(&args))
                    .unwrap_or_else(|e| panic!("{lang:?} `{key}`: {e:?}"));
                assert!(!text.trim().is_empty(), "{lang:?} `{key}` is empty");
            }
        }
    }

    #[test]
    fn directions_dates_and_durations() {
        assert_eq!(I18n(Lang::Ar).dir(), "rtl");
        assert_eq!(I18n(Lang::He).dir(), "rtl");
        assert_eq!(I18n(Lang::En).dir(), "ltr");
        let t = Timestamp(1_767_700_800_123);
        assert_eq!(
            I18n(Lang::En)
                .date_time(t)
                .replace(['\u{2068}', '\u{2069}'], ""),
            "6 January 2026, 12:00 UTC"
        );
        assert!(I18n(Lang::Ar).date_time(t).contains("كانون الثاني"));
        assert_eq!(
            I18n(Lang::En)
                .span(Span::minutes(5))
                .replace(['\u{2068}', '\u{2069}'], ""),
            "5 minutes"
        );
        assert_eq!(
            I18n(Lang::En)
                .span(Span::hours(24))
                .replace(['\u{2068}', '\u{2069}'], ""),
            "1 day"
        );
        assert_eq!(countdown(Timestamp(300_000), Timestamp(1_000)), "00:04:59");
        assert_eq!(countdown(Timestamp(0), Timestamp(3_723_000)), "01:02:03");
    }

    #[test]
    fn negotiation_prefers_the_query_then_the_cookie_then_the_browser() {
        let parts = |headers: &[(&str, &str)]| {
            let mut b = axum::http::Request::builder();
            for (k, v) in headers {
                b = b.header(*k, *v);
            }
            b.body(()).expect("a request").into_parts().0
        };
        let p = parts(&[
            ("cookie", "fc_lang=he"),
            ("accept-language", "ar-SY,ar;q=0.9"),
        ]);
        assert_eq!(negotiate(&p, Some("en"), None), Lang::En);
        assert_eq!(negotiate(&p, None, None), Lang::He);
        assert_eq!(
            negotiate(
                &parts(&[("accept-language", "fr, ar-SY;q=0.8")]),
                None,
                None
            ),
            Lang::Ar
        );
        assert_eq!(negotiate(&parts(&[]), Some("xx"), Some("he")), Lang::He);
    }
}
