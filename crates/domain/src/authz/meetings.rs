//! Who may do what with meetings, minutes and joint statements.

use std::collections::BTreeSet;

use crate::config::CellConfig;
use crate::error::DomainError;
use crate::ids::PartyId;
use crate::user::{Role, User};

/// May `user` schedule a meeting between `participants`? Liaison officers of a participating
/// party, and the supervisor's.
pub fn require_schedule(
    user: &User,
    config: &CellConfig,
    participants: &BTreeSet<PartyId>,
) -> Result<(), DomainError> {
    if user.has(Role::Liaison)
        && (participants.contains(&user.party) || config.is_supervisor(&user.party))
    {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers of a participating party or the supervisor schedule a meeting"
                .into(),
        ))
    }
}

/// May `user` schedule any meeting at all, that is one their own party takes part in? What the
/// console asks before offering the form.
pub fn require_schedule_own(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    require_schedule(user, config, &BTreeSet::from([user.party.clone()]))
}

/// May `user` draft minutes and joint statements? The supervisor's liaison officers.
pub fn require_draft(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the supervisor's liaison officers draft minutes and joint statements".into(),
        ))
    }
}

/// May `user` approve minutes or a statement for their party? Liaison officers and approvers of
/// a party asked to approve.
pub fn require_approve(user: &User, approvers: &BTreeSet<PartyId>) -> Result<(), DomainError> {
    crate::authz::commitments::require_approve(user, approvers)
}
