//! Who may see what. This is the one place where visibility is decided: every read path of the
//! server, the live stream and the record's entries go through [`can_see`].

use std::collections::BTreeSet;

use crate::config::CellConfig;
use crate::event::Audience;
use crate::ids::PartyId;

/// Whether a reader of `party` may see something addressed to `audience`.
pub fn can_see(audience: &Audience, party: &PartyId) -> bool {
    audience.contains(party)
}

/// The audience of something shared between `participants`: the participants themselves, plus the
/// supervisor whenever more than one party takes part (the supervisor sees all cross-party traffic).
/// A single participant makes it internal: only that party sees it, not even the supervisor.
pub fn audience_of(participants: &BTreeSet<PartyId>, config: &CellConfig) -> Audience {
    let mut parties = participants.clone();
    if participants.len() > 1 {
        parties.insert(config.supervisor.clone());
    }
    Audience(parties)
}

/// The audience of something every party may see, such as the cell's configuration.
pub fn everyone(config: &CellConfig) -> Audience {
    Audience(config.parties.iter().map(|p| p.id.clone()).collect())
}

/// The audience of a party's own administrative facts (its users and tokens): the party and the
/// supervisor, who answers for the cell's accounts.
pub fn party_and_supervisor(party: &PartyId, config: &CellConfig) -> Audience {
    Audience(
        [party.clone(), config.supervisor.clone()]
            .into_iter()
            .collect(),
    )
}
