//! Authorization: what each role of each party may do. The one place these rules live: the
//! hotline's and de-escalation's here, each later workflow's in its own submodule of this one.

pub mod commercial;
pub mod commitments;
pub mod disputes;
pub mod intel;
pub mod meetings;

use crate::config::CellConfig;
use crate::error::DomainError;
use crate::ids::{PartyId, TrackId};
use crate::message::Thread;
use crate::user::{Role, User};

/// The track on which analysts may write.
pub const INTELLIGENCE_TRACK: &str = "intelligence";

/// Refuses a disabled account.
pub fn require_active(user: &User) -> Result<(), DomainError> {
    if user.disabled {
        Err(DomainError::AccountDisabled)
    } else {
        Ok(())
    }
}

/// Whether `user` may write on `track`: liaison officers everywhere, analysts on intelligence.
pub fn may_write_on(user: &User, track: &TrackId) -> bool {
    user.has(Role::Liaison) || (user.has(Role::Analyst) && track.as_str() == INTELLIGENCE_TRACK)
}

/// May `user` open a thread on `track`?
pub fn require_write_on(user: &User, track: &TrackId) -> Result<(), DomainError> {
    if may_write_on(user, track) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!(
            "your roles do not allow writing on the {track} track"
        )))
    }
}

/// May `user` post in `thread`? Their party must take part, or be the supervisor of a
/// cross-party thread, and they must be allowed to write on its track.
pub fn require_post_in(
    user: &User,
    thread: &Thread,
    config: &CellConfig,
) -> Result<(), DomainError> {
    let takes_part = thread.participants.contains(&user.party)
        || (config.is_supervisor(&user.party) && !thread.is_internal());
    if !takes_part {
        return Err(DomainError::Forbidden(
            "your party does not take part in this thread".into(),
        ));
    }
    require_write_on(user, &thread.track)
}

/// May `user` acknowledge messages on behalf of their party? Watch duty: liaison officers.
pub fn require_acknowledge(user: &User) -> Result<(), DomainError> {
    if user.has(Role::Liaison) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers acknowledge messages for their party".into(),
        ))
    }
}

/// May `user` add translations? Anyone who may write on the track.
pub fn require_translate(user: &User, track: &TrackId) -> Result<(), DomainError> {
    require_write_on(user, track)
}

/// May `user` manage the accounts of `party`? Only an admin of that same party.
pub fn require_manage_users(user: &User, party: &PartyId) -> Result<(), DomainError> {
    if user.has(Role::Admin) && &user.party == party {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!(
            "only an admin of party {party} manages its users"
        )))
    }
}

/// May `user` manage API tokens of `owner`? Their own, or as admin of the owner's party.
pub fn require_manage_tokens(user: &User, owner: &User) -> Result<(), DomainError> {
    if user.id == owner.id || (user.has(Role::Admin) && user.party == owner.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the owner or an admin of the owner's party manages these tokens".into(),
        ))
    }
}

/// May `user` propose agreed zones? The supervisor's liaison officers.
pub fn require_propose_zone(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the supervisor's liaison officers propose zones".into(),
        ))
    }
}

/// May `user` approve a zone version for their party? Liaison officers of a party asked to.
pub fn require_approve_zone(
    user: &User,
    approvers: &std::collections::BTreeSet<PartyId>,
) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && approvers.contains(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers of the parties asked to approve this zone approve it".into(),
        ))
    }
}

/// May `user` notify activities of their party? Liaison officers.
pub fn require_notify_activity(user: &User) -> Result<(), DomainError> {
    if user.has(Role::Liaison) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers notify activities".into(),
        ))
    }
}

/// May `user` change or cancel an activity notified by `owner`? Liaison officers of that party.
pub fn require_change_activity(user: &User, owner: &PartyId) -> Result<(), DomainError> {
    require_notify_activity(user)?;
    if &user.party == owner {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the notifying party changes its activities".into(),
        ))
    }
}

/// May `user` report incidents? Liaison officers and analysts.
pub fn require_report_incident(user: &User) -> Result<(), DomainError> {
    if user.has(Role::Liaison) || user.has(Role::Analyst) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers and analysts report incidents".into(),
        ))
    }
}

/// May `user` feed positions of their party's tracks? Liaison officers (a feed runs with a
/// liaison officer's API token).
pub fn require_report_positions(user: &User) -> Result<(), DomainError> {
    if user.has(Role::Liaison) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers feed positions".into(),
        ))
    }
}
