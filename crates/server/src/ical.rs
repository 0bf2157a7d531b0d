//! iCalendar (RFC 5545) text: escaping (§3.3.11), line folding at 75 octets (§3.1), CRLF line
//! ends and UTC date-times (§3.3.5). Small enough to write out rather than pull in a crate.

use fusioncell_domain::Timestamp;

/// One event of a calendar.
#[derive(Clone, Debug)]
pub struct CalendarEvent {
    /// Globally unique and stable across fetches, so clients update rather than duplicate.
    pub uid: String,
    /// Start.
    pub start: Timestamp,
    /// End, if it lasts.
    pub end: Option<Timestamp>,
    /// One-line title.
    pub summary: String,
    /// Longer text.
    pub description: String,
    /// Where, if anywhere.
    pub location: Option<String>,
    /// A link to the record in the console.
    pub url: Option<String>,
    /// A category, e.g. `milestone` or `meeting`.
    pub category: &'static str,
}

/// A whole calendar named `name`, stamped `now`.
pub fn calendar(name: &str, now: Timestamp, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold_into(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Fusion Cell//Calendar//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{}", utc(now)));
        line(format!("DTSTART:{}", utc(e.start)));
        if let Some(end) = e.end {
            line(format!("DTEND:{}", utc(end)));
        }
        line(format!("SUMMARY:{}", escape(&e.summary)));
        line(format!("DESCRIPTION:{}", escape(&e.description)));
        if let Some(l) = &e.location {
            line(format!("LOCATION:{}", escape(l)));
        }
        if let Some(u) = &e.url {
            line(format!("URL:{u}"));
        }
        line(format!("CATEGORIES:{}", escape(e.category)));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// A UTC date-time in the basic format, e.g. `20260106T120000Z`.
pub fn utc(t: Timestamp) -> String {
    chrono::DateTime::from_timestamp_millis(t.millis())
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded so that no physical line exceeds 75 octets (continuations begin with a
/// space, which counts), never splitting a UTF-8 character, each ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let event = CalendarEvent {
            uid: "u1@x".into(),
            start: Timestamp(1_767_700_800_000),
            end: None,
            summary: "الانسحاب من المنطقة; خطوة, أولى\n".repeat(5),
            description: "x".repeat(200),
            location: None,
            url: None,
            category: "milestone",
        };
        let text = calendar("Cal", Timestamp(1_767_700_800_000), &[event]);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:الانسحاب من المنطقة\\; خطوة\\, أولى\\n"));
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", "x".repeat(200))));
        assert!(unfolded.contains("DTSTART:20260106T120000Z\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne");
    }
}
