//! Who may do what on a dispute. Every step is taken by a liaison officer for their own party,
//! so nobody acts for another party; the supervisor's liaison officers mediate.

use crate::config::CellConfig;
use crate::error::DomainError;
use crate::ids::PartyId;
use crate::user::{Role, User};

/// May `user` raise a dispute? Liaison officers of a party other than the supervisor.
pub fn require_raise(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && !config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers of a party (not the supervisor) raise disputes".into(),
        ))
    }
}

/// May `user` take a step that belongs to `party` (`step` names it in the refusal)? Only a
/// liaison officer of that very party.
pub fn require_step_of(user: &User, party: &PartyId, step: &str) -> Result<(), DomainError> {
    require_step_of_any(user, &[party], step)
}

/// May `user` take a step that belongs to each of `parties` in turn (accepting or contesting a
/// ruling)? Only a liaison officer of one of them, for their own party.
pub fn require_step_of_any(
    user: &User,
    parties: &[&PartyId],
    step: &str,
) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && parties.contains(&&user.party) {
        Ok(())
    } else {
        let names: Vec<&str> = parties.iter().map(|p| p.as_str()).collect();
        Err(DomainError::Forbidden(format!(
            "only liaison officers of party {} {step}",
            names.join(" or ")
        )))
    }
}

/// May `user` mediate (request information, record findings, rule)? The supervisor's liaison
/// officers.
pub fn require_mediate(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the supervisor's liaison officers mediate disputes".into(),
        ))
    }
}

/// May the actor escalate missed deadlines? Only the cell's own timer (`user` is `None`).
pub fn require_timer(user: Option<&User>) -> Result<(), DomainError> {
    match user {
        None => Ok(()),
        Some(_) => Err(DomainError::Forbidden(
            "only the cell's timer escalates missed deadlines".into(),
        )),
    }
}
