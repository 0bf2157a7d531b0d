//! Scenario and property tests of the commercial register.

use proptest::prelude::*;

use super::queries::{self, OpportunityFilter};
use super::*;
use crate::command::Command;
use crate::error::DomainError;
use crate::event::Event;
use crate::state::CellState;
use crate::tests::{Cell, T0, party, text, user};

fn oid(n: &str) -> OpportunityId {
    OpportunityId::new(n).unwrap()
}

fn draft(counterpart: &str) -> OpportunityDraft {
    OpportunityDraft {
        sector: Sector::Water,
        counterpart: party(counterpart),
        title: text("en", "Yarmouk water sharing"),
        description: text("en", "A joint desalination plant."),
        value: ValueRange {
            min: 10_000_000,
            max: 25_000_000,
            currency: "USD".into(),
        },
        documents: vec![Document {
            title: "Feasibility study".into(),
            url: "https://example.org/study.pdf".into(),
            sha256: "a".repeat(64),
        }],
    }
}

fn run(cell: &mut Cell, by: &str, c: CommercialCommand) -> Result<Vec<Event>, DomainError> {
    cell.run(user(by), Command::Commercial(c), T0)
}

fn propose(cell: &mut Cell, by: &str, n: &str, counterpart: &str) {
    let c = CommercialCommand::Propose {
        opportunity: oid(n),
        draft: draft(counterpart),
    };
    run(cell, by, c).unwrap();
}

fn to(n: &str, stage: Stage) -> CommercialCommand {
    CommercialCommand::Move {
        opportunity: oid(n),
        to: stage,
        note: None,
    }
}

#[test]
fn the_counterpart_reviews_and_agrees_the_proposer_implements_and_completes() {
    let mut cell = Cell::new();
    propose(&mut cell, "il.liaison", "o1", "sy");
    let o = &cell.state.commercial.entries[&oid("o1")];
    assert_eq!(o.audience.0, ["il", "sy", "us"].map(party).into());
    let forbidden = |cell: &mut Cell, by, stage| run(cell, by, to("o1", stage)).unwrap_err().code();
    assert_eq!(
        forbidden(&mut cell, "il.liaison", Stage::UnderReview),
        "forbidden"
    );
    assert_eq!(
        forbidden(&mut cell, "us.supervisor", Stage::UnderReview),
        "forbidden"
    );
    run(&mut cell, "sy.liaison", to("o1", Stage::UnderReview)).unwrap();
    assert_eq!(forbidden(&mut cell, "sy.liaison", Stage::Done), "forbidden");
    assert_eq!(
        forbidden(&mut cell, "il.liaison", Stage::InImplementation),
        "conflict"
    );
    run(&mut cell, "sy.liaison", to("o1", Stage::Agreed)).unwrap();
    run(&mut cell, "il.liaison", to("o1", Stage::InImplementation)).unwrap();
    assert_eq!(
        forbidden(&mut cell, "sy.liaison", Stage::Declined),
        "conflict"
    );
    run(&mut cell, "il.liaison", to("o1", Stage::Done)).unwrap();
    let comment = CommercialCommand::Comment {
        opportunity: oid("o1"),
        text: text("ar", "ممتاز"),
    };
    run(&mut cell, "us.supervisor", comment).unwrap();
    let o = &cell.state.commercial.entries[&oid("o1")];
    assert_eq!(o.stage, Stage::Done);
    assert_eq!(o.moves.len(), 4);
    assert_eq!(o.comments.len(), 1);
}

#[test]
fn bad_drafts_are_refused_naming_the_field() {
    let mut cell = Cell::new();
    let refuse = |cell: &mut Cell, d: OpportunityDraft| {
        let c = CommercialCommand::Propose {
            opportunity: oid("o1"),
            draft: d,
        };
        match run(cell, "il.liaison", c) {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    };
    let mut d = draft("sy");
    d.documents[0].sha256 = "A".repeat(64);
    assert_eq!(refuse(&mut cell, d), "documents[0].sha256");
    let mut d = draft("sy");
    d.documents[0].url = "ftp://x".into();
    assert_eq!(refuse(&mut cell, d), "documents[0].url");
    let mut d = draft("sy");
    d.value.min = d.value.max + 1;
    assert_eq!(refuse(&mut cell, d), "value.max");
    let mut d = draft("sy");
    d.value.currency = "usd".into();
    assert_eq!(refuse(&mut cell, d), "value.currency");
    assert_eq!(refuse(&mut cell, draft("us")), "counterpart");
    assert_eq!(refuse(&mut cell, draft("il")), "counterpart");
    assert!(cell.state.commercial.entries.is_empty());
    let supervisor = CommercialCommand::Propose {
        opportunity: oid("o1"),
        draft: draft("sy"),
    };
    assert_eq!(
        run(&mut cell, "us.supervisor", supervisor)
            .unwrap_err()
            .code(),
        "forbidden"
    );
}

#[test]
fn either_party_declines_before_implementation_and_lists_filter_by_stage() {
    let mut cell = Cell::new();
    propose(&mut cell, "il.liaison", "o1", "sy");
    propose(&mut cell, "sy.liaison", "o2", "il");
    run(&mut cell, "il.liaison", to("o1", Stage::Declined)).unwrap();
    let declined = OpportunityFilter {
        stage: vec![Stage::Declined],
        ..Default::default()
    };
    let list = queries::opportunities(&cell.state, Some(&party("sy")), &declined);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, oid("o1"));
    assert_eq!(
        queries::opportunities(
            &cell.state,
            Some(&party("us")),
            &OpportunityFilter::default()
        )
        .len(),
        2
    );
}

const ACTORS: [&str; 5] = [
    "il.liaison",
    "sy.liaison",
    "us.supervisor",
    "il.analyst",
    "sy.admin",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random moves by random officers: every stage reached follows the pipeline one step at a
    /// time, by the party whose step it is, and replaying the record gives the same register.
    #[test]
    fn random_moves_follow_the_pipeline(steps in proptest::collection::vec((0..ACTORS.len(), 0..2usize, 0..8u8), 1..60)) {
        let mut cell = Cell::new();
        propose(&mut cell, "il.liaison", "o0", "sy");
        propose(&mut cell, "sy.liaison", "o1", "il");
        for (actor, entry, op) in steps {
            let n = format!("o{entry}");
            let c = match op {
                0..=5 => to(&n, Stage::ALL[usize::from(op)]),
                _ => CommercialCommand::Comment { opportunity: oid(&n), text: text("en", "c") },
            };
            let before = cell.record.len();
            if run(&mut cell, ACTORS[actor], c).is_err() {
                prop_assert_eq!(cell.record.len(), before);
            }
        }
        for o in cell.state.commercial.entries.values() {
            let mut stage = Stage::Proposed;
            for m in &o.moves {
                prop_assert!(stage.can_move_to(m.stage), "{:?} -> {:?}", stage, m.stage);
                let rightful = match m.stage {
                    Stage::UnderReview | Stage::Agreed => m.party == o.draft.counterpart,
                    Stage::InImplementation | Stage::Done => m.party == o.proposer,
                    _ => m.party == o.proposer || m.party == o.draft.counterpart,
                };
                prop_assert!(rightful, "{:?} moved by {:?}", m.stage, m.party);
                stage = m.stage;
            }
            prop_assert_eq!(stage, o.stage);
        }
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            replayed.apply(i as u64, e);
        }
        prop_assert_eq!(
            serde_json::to_value(&replayed.commercial).unwrap(),
            serde_json::to_value(&cell.state.commercial).unwrap()
        );
    }
}
