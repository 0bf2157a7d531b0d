//! The deadline timer: turns passed acknowledgement deadlines into escalation events. Deadlines
//! are state, so one that passed while the server was down escalates on the first tick at start.

use std::time::Duration;

use fusioncell_domain::{Actor, Command};
use tokio_util::sync::CancellationToken;

use crate::core::Core;

/// How often the timer looks for passed deadlines.
pub const TICK: Duration = Duration::from_millis(250);

/// Escalates every message whose deadline has passed, as the cell itself. Returns how many
/// escalations were recorded.
pub async fn escalate_overdue(core: &Core) -> usize {
    let overdue = {
        let read = core.read();
        read.state.overdue(core.clock().now())
    };
    let mut escalated = 0;
    for message in overdue {
        match core
            .submit(Actor::Cell, Command::EscalateOverdue { message })
            .await
        {
            Ok(events) => escalated += events.len(),
            Err(e) => tracing::warn!(error = %e, "escalation not recorded; retrying next tick"),
        }
    }
    escalated
}

/// Runs the timer until `shutdown` is cancelled.
pub async fn run(core: Core, shutdown: CancellationToken) {
    loop {
        escalate_overdue(&core).await;
        crate::api::deescalation::escalate_overdue(&core).await;
        crate::api::disputes::escalate_overdue(&core).await;
        crate::api::intel::escalate_overdue(&core).await;
        crate::api::commitments::escalate_overdue(&core).await;
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = shutdown.cancelled() => break,
        }
    }
}
