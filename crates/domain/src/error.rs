//! The one list of errors a command can meet, each with a stable machine-readable code.

/// Why the domain refused a command. Codes are stable: integrations match on them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The record does not exist, or the actor may not see it (the two are indistinguishable).
    #[error("no {what} `{id}`")]
    NotFound {
        /// Kind of record, e.g. `thread`.
        what: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// The actor may see the record but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// A field of the command is invalid.
    #[error("{field} {message}")]
    Invalid {
        /// Name of the field at fault.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The command conflicts with the current state, e.g. a duplicate id.
    #[error("{0}")]
    Conflict(String),
    /// The acting account is disabled.
    #[error("this account is disabled")]
    AccountDisabled,
    /// The cell has no configuration yet.
    #[error("the cell is not configured")]
    NotConfigured,
}

impl DomainError {
    /// Shorthand for an invalid field.
    pub fn invalid(field: &str, message: impl Into<String>) -> DomainError {
        DomainError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// Shorthand for a missing (or invisible) record.
    pub fn not_found(what: &'static str, id: impl ToString) -> DomainError {
        DomainError::NotFound {
            what,
            id: id.to_string(),
        }
    }

    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::NotFound { .. } => "not_found",
            DomainError::Forbidden(_) => "forbidden",
            DomainError::Invalid { .. } => "invalid_field",
            DomainError::Conflict(_) => "conflict",
            DomainError::AccountDisabled => "account_disabled",
            DomainError::NotConfigured => "not_configured",
        }
    }
}
