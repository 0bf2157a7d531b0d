//! Who may do what in the commercial register: a party's liaison officers propose, the
//! counterpart reviews and agrees, the proposer carries out and completes, either declines;
//! anyone who can see an entry may comment through a liaison officer or analyst.

use crate::commercial::Stage;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::ids::PartyId;
use crate::user::{Role, User};

/// May `user` propose an opportunity? Liaison officers of a party other than the supervisor.
pub fn require_propose(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && !config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers of a party (not the supervisor) propose opportunities".into(),
        ))
    }
}

/// May `user` move an entry of `proposer` with `counterpart` to `to`?
pub fn require_move(
    user: &User,
    proposer: &PartyId,
    counterpart: &PartyId,
    to: Stage,
) -> Result<(), DomainError> {
    let allowed: &[&PartyId] = match to {
        Stage::UnderReview | Stage::Agreed => &[counterpart],
        Stage::InImplementation | Stage::Done => &[proposer],
        Stage::Declined => &[proposer, counterpart],
        Stage::Proposed => &[],
    };
    if user.has(Role::Liaison) && allowed.contains(&&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!(
            "your party may not move this opportunity to {}",
            to.name()
        )))
    }
}

/// May `user` comment on an entry? Liaison officers and analysts.
pub fn require_comment(user: &User) -> Result<(), DomainError> {
    if user.has(Role::Liaison) || user.has(Role::Analyst) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers and analysts comment".into(),
        ))
    }
}
