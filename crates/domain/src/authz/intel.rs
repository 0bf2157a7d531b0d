//! Who may do what with intelligence reports.

use crate::config::CellConfig;
use crate::error::DomainError;
use crate::ids::{PartyId, TrackId};
use crate::user::{Role, User};

use super::require_write_on;

/// May `user` draft or import a report on `track`? Whoever may write on it (analysts on the
/// intelligence track, liaison officers everywhere).
pub fn require_compose(user: &User, track: &TrackId) -> Result<(), DomainError> {
    require_write_on(user, track)
}

/// May `user` edit, submit, correct or withdraw a report of `originator` on `track`? Writers of
/// the originating party only.
pub fn require_originator(
    user: &User,
    originator: &PartyId,
    track: &TrackId,
) -> Result<(), DomainError> {
    if &user.party != originator {
        return Err(DomainError::Forbidden(
            "only the originating party changes its reports".into(),
        ));
    }
    require_write_on(user, track)
}

/// May `user` vet reports? The supervisor's approvers.
pub fn require_vet(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if user.has(Role::Approver) && config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the supervisor's approvers vet reports".into(),
        ))
    }
}

/// May `user` respond to a report of `originator` (acknowledge, feedback, corroboration,
/// sighting)? Liaison officers and analysts of a party other than the originator.
pub fn require_respond(user: &User, originator: &PartyId) -> Result<(), DomainError> {
    if !(user.has(Role::Liaison) || user.has(Role::Analyst)) {
        return Err(DomainError::Forbidden(
            "only liaison officers and analysts respond to reports".into(),
        ));
    }
    if &user.party == originator {
        return Err(DomainError::Forbidden(
            "the originating party does not respond to its own report".into(),
        ));
    }
    Ok(())
}
