//! Submitting a checkpoint to one witness (C2SP tlog-witness `add-checkpoint`) and telling a
//! cosignature from a refusal and from a failure.
//!
//! The keeper may not know the witness's last cosigned size (after a restart, say). It then asks
//! with its best guess and, on `409 Conflict`, asks once more from the size the witness answered,
//! as the spec suggests. A second conflict, or a 400, 403, 404 or 422, is a refusal: the witness
//! will not vouch for this record. Anything else (no answer, a 5xx, a malformed answer) is a
//! failure to be retried later, not an alert.

use std::time::Duration;

use fusioncell_ledger::{
    AddCheckpointRequest, Note, NoteSignature, SignatureVerifier, SignedCheckpoint,
};

use super::{Record, WitnessSettings};

/// How long a witness has to answer. Publication waits for the witnesses, so this bounds how far
/// a slow witness can hold the checkpoint back.
pub(crate) const WITNESS_TIMEOUT: Duration = Duration::from_secs(2);

/// What became of one submission.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The witness cosigned.
    Cosigned {
        /// Its cosignature line.
        signature: NoteSignature,
        /// The cosignature's timestamp (POSIX seconds).
        timestamp: u64,
    },
    /// The witness will not cosign this record.
    Refused(String),
    /// No usable answer.
    Failed(String),
}

/// The result of a submission, with the witness's cosigned size when an answer told it.
#[derive(Debug)]
pub(crate) struct Submission {
    pub outcome: Outcome,
    pub witness_size: Option<u64>,
}

/// Submits `signed` (signed by the log only) to `witness`, assuming it last cosigned `known`.
pub(crate) async fn submit(
    http: &reqwest::Client,
    record: &Record,
    witness: &WitnessSettings,
    known: Option<u64>,
    signed: &SignedCheckpoint,
) -> Submission {
    let size = signed.checkpoint.size;
    let mut old = known.unwrap_or(0);
    let mut witness_size = known;
    let failed = |error, witness_size| Submission {
        outcome: Outcome::Failed(error),
        witness_size,
    };
    let mut answer = match post(http, record, witness, old, signed).await {
        Ok(answer) => answer,
        Err(error) => return failed(error, witness_size),
    };
    if answer.status == 409 {
        let Some(latest) = conflict_size(&answer) else {
            let error = format!("409 without a tree size: {:?}", answer.body.trim());
            return failed(error, witness_size);
        };
        witness_size = Some(latest);
        if latest != old {
            old = latest;
            answer = match post(http, record, witness, old, signed).await {
                Ok(answer) => answer,
                Err(error) => return failed(error, witness_size),
            };
        }
    }
    let outcome = match answer.status {
        200 => cosignature(witness, signed, &answer.body),
        409 => {
            let latest = conflict_size(&answer);
            witness_size = latest.or(witness_size);
            Outcome::Refused(match latest {
                Some(latest) if latest == size => format!(
                    "the witness cosigned another tree of the same size {size}: the record was rewritten"
                ),
                _ => format!(
                    "the witness keeps answering 409 Conflict: {}",
                    answer.body.trim()
                ),
            })
        }
        status @ (400 | 403 | 404 | 422) => {
            Outcome::Refused(refusal(status, old, size, answer.body.trim()))
        }
        status => Outcome::Failed(format!("answered {status}: {}", answer.body.trim())),
    };
    if let Outcome::Cosigned { .. } = outcome {
        witness_size = Some(size);
    }
    Submission {
        outcome,
        witness_size,
    }
}

/// The latest cosigned size a 409 answer carries.
fn conflict_size(answer: &Answer) -> Option<u64> {
    answer.body.trim().parse().ok()
}

/// Explains a refusal in the record's terms, quoting the witness.
fn refusal(status: u16, old: u64, size: u64, said: &str) -> String {
    let why = match status {
        400 if old > size => format!(
            "the witness cosigned size {old}, but the record now has only {size} entries: entries were removed"
        ),
        422 => format!(
            "the record at size {size} does not extend the tree of size {old} that the witness cosigned: history was rewritten"
        ),
        403 => "the witness does not accept the log's signature".to_string(),
        404 => "the witness does not know this log's origin".to_string(),
        _ => format!("the witness refused the checkpoint of size {size}"),
    };
    format!("{why} (witness answered {status}: {said})")
}

struct Answer {
    status: u16,
    body: String,
}

/// Sends one `add-checkpoint` request from `old`.
async fn post(
    http: &reqwest::Client,
    record: &Record,
    witness: &WitnessSettings,
    old: u64,
    signed: &SignedCheckpoint,
) -> Result<Answer, String> {
    let size = signed.checkpoint.size;
    // A witness ahead of the record gets the request anyway, so the refusal is its own answer.
    let proof = if old <= size {
        record
            .with_tree(|tree| tree.consistency_proof(old, size))
            .map_err(|e| format!("cannot prove consistency from {old}: {e}"))?
    } else {
        Vec::new()
    };
    let body = AddCheckpointRequest {
        old_size: old,
        proof,
        checkpoint: signed.to_string(),
    }
    .to_string();
    let response = http
        .post(format!("{}/add-checkpoint", witness.url))
        .header(reqwest::header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(body)
        .timeout(WITNESS_TIMEOUT)
        .send()
        .await
        .map_err(|e| format!("cannot reach {}: {e}", witness.url))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|e| format!("cannot read the answer of {}: {e}", witness.url))?;
    Ok(Answer { status, body })
}

/// Picks the witness's cosignature out of a 200 answer and checks it.
fn cosignature(witness: &WitnessSettings, signed: &SignedCheckpoint, body: &str) -> Outcome {
    // The answer is signature lines: appended to the note they make a note to parse, as the
    // spec suggests. Lines by other keys are ignored.
    let Ok(note) = Note::parse(format!("{signed}{body}").as_bytes()) else {
        return Outcome::Failed(format!(
            "answered 200 with something other than signature lines: {:?}",
            body.trim()
        ));
    };
    let key = &witness.key;
    let mine = note
        .signatures()
        .iter()
        .find(|s| s.name == key.name() && s.key_id == key.key_id());
    match mine.map(|s| (s, key.verify_cosignature(&signed.checkpoint, s))) {
        Some((signature, Ok(timestamp))) => Outcome::Cosigned {
            signature: signature.clone(),
            timestamp,
        },
        Some((_, Err(e))) => Outcome::Failed(format!("its cosignature does not verify: {e}")),
        None => Outcome::Failed(format!(
            "answered 200 without a cosignature by {}",
            key.verifier_key()
        )),
    }
}
