//! Users of the cell and their roles.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::{PartyId, UserId};

/// What a user may do; a user has one or more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Watch officer: opens threads, sends and acknowledges messages on every track.
    Liaison,
    /// Prepares intelligence: writes on the intelligence track.
    Analyst,
    /// Approves and vets items before release.
    Approver,
    /// Manages the users and API tokens of the party.
    Admin,
    /// Reads only.
    Observer,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 5] = [
        Role::Liaison,
        Role::Analyst,
        Role::Approver,
        Role::Admin,
        Role::Observer,
    ];

    /// The role's name as written in configuration and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Liaison => "liaison",
            Role::Analyst => "analyst",
            Role::Approver => "approver",
            Role::Admin => "admin",
            Role::Observer => "observer",
        }
    }

    /// Parses a role name.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// A user account as the shared record knows it. Secrets (password hash, TOTP seed, tokens) are
/// kept apart by the server and never enter the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Login name, e.g. `il.liaison`.
    pub id: UserId,
    /// Name shown to others.
    pub display_name: String,
    /// The party the user belongs to.
    pub party: PartyId,
    /// The user's roles.
    pub roles: BTreeSet<Role>,
    /// Disabled users can neither log in nor act.
    pub disabled: bool,
}

impl User {
    /// Whether the user has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
