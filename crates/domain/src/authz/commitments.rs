//! Who may do what with commitments.

use std::collections::BTreeSet;

use crate::config::CellConfig;
use crate::error::DomainError;
use crate::ids::PartyId;
use crate::user::{Role, User};

/// May `user` propose a commitment, or revise one between `owner` and `beneficiary`? Liaison
/// officers of any party propose; a revision comes from the owner, the beneficiary or the
/// supervisor.
pub fn require_propose(
    user: &User,
    config: &CellConfig,
    parties: Option<(&PartyId, &PartyId)>,
) -> Result<(), DomainError> {
    if !user.has(Role::Liaison) {
        return Err(DomainError::Forbidden(
            "only liaison officers propose commitments".into(),
        ));
    }
    match parties {
        Some((owner, beneficiary))
            if user.party != *owner
                && user.party != *beneficiary
                && !config.is_supervisor(&user.party) =>
        {
            Err(DomainError::Forbidden(
                "only the owner, the beneficiary or the supervisor revises a commitment".into(),
            ))
        }
        _ => Ok(()),
    }
}

/// May `user` approve a version for their party? Liaison officers and approvers of a party
/// asked to approve.
pub fn require_approve(user: &User, approvers: &BTreeSet<PartyId>) -> Result<(), DomainError> {
    if (user.has(Role::Liaison) || user.has(Role::Approver)) && approvers.contains(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers and approvers of the parties asked approve this text".into(),
        ))
    }
}

/// May `user` attest a milestone of a commitment owned by `owner`? The owner's liaison officers.
pub fn require_attest(user: &User, owner: &PartyId) -> Result<(), DomainError> {
    if user.has(Role::Liaison) && &user.party == owner {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only liaison officers of the owning party attest its milestones".into(),
        ))
    }
}

/// May `user` verify milestones? The supervisor's liaison officers and approvers.
pub fn require_verify(user: &User, config: &CellConfig) -> Result<(), DomainError> {
    if (user.has(Role::Liaison) || user.has(Role::Approver)) && config.is_supervisor(&user.party) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only the supervisor verifies milestones".into(),
        ))
    }
}
