//! Languages and text: every text keeps the language it was written in.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Whether `tag` is a BCP 47 primary language tag as the cell uses them: 2 or 3 lowercase letters.
pub fn is_valid_language(tag: &str) -> bool {
    (2..=3).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether text in `lang` is written right to left.
pub fn is_right_to_left(lang: &str) -> bool {
    matches!(lang, "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "dv" | "ku")
}

/// A text with the language it is written in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangText {
    /// BCP 47 primary tag, e.g. `ar`.
    pub lang: String,
    /// The text itself, exactly as written.
    pub text: String,
}

/// Checks a user-written text for a field: not blank, at most `max` characters, and no control
/// characters but newline, carriage return and tab. The text is kept exactly as written: what a
/// party sent is never silently changed.
pub fn check_text(field: &str, text: &str, max: usize) -> Result<(), DomainError> {
    if text.trim().is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    let count = text.chars().count();
    if count > max {
        return Err(DomainError::invalid(
            field,
            format!("is {count} characters long; the limit is {max}"),
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(DomainError::invalid(
            field,
            format!("contains the control character U+{:04X}", c as u32),
        ));
    }
    Ok(())
}

/// Checks that `lang` is one of the cell's languages.
pub fn check_language(
    field: &str,
    lang: &str,
    cell_languages: &[String],
) -> Result<(), DomainError> {
    if cell_languages.iter().any(|l| l == lang) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            format!(
                "`{lang}` is not a language of this cell ({})",
                cell_languages.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_checked_not_changed() {
        assert!(check_text("text", "سلام\r\nשלום", 100).is_ok());
        assert!(check_text("text", "  ", 100).is_err());
        assert!(check_text("text", "abc", 2).is_err());
        let e = check_text("text", "a\u{7}b", 100).unwrap_err();
        assert!(e.to_string().contains("U+0007"));
    }

    #[test]
    fn directions() {
        assert!(is_right_to_left("ar") && is_right_to_left("he") && !is_right_to_left("en"));
        assert!(is_valid_language("en") && !is_valid_language("EN") && !is_valid_language("e"));
    }
}
