//! Running the `fusioncell` binary from tests, as an operator does: to completion, or in the
//! background reading what it prints.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_fusioncell");

/// Longest wait for a process to print what it must.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running `fusioncell` process, and what it printed that the test needs.
pub struct Running {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Running {
    pub fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .env("FUSIONCELL_LOG", "error")
            .env("FUSIONCELL_DEMO_PASSWORD", "record-test-password-0123")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start fusioncell");
        let stdout = child.stdout.take().expect("piped stdout");
        Running {
            child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// Reads lines until one contains `marker`; returns the text after it.
    pub async fn after(&mut self, marker: &str) -> String {
        tokio::time::timeout(PATIENCE, async {
            while let Some(line) = self.lines.next_line().await.expect("read stdout") {
                if let Some((_, rest)) = line.split_once(marker) {
                    return rest.trim().to_string();
                }
            }
            panic!("the process ended without printing {marker:?}");
        })
        .await
        .unwrap_or_else(|_| panic!("no {marker:?} within {PATIENCE:?}"))
    }

    /// Stops it with SIGTERM and waits for it to exit.
    pub async fn stop(mut self) {
        let pid = self.child.id().expect("running").to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .await
            .expect("run kill");
        assert!(sent.success());
        tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("it stops after SIGTERM")
            .expect("wait");
    }
}

/// Runs `fusioncell <args>` to completion; returns success and stdout.
pub async fn run(args: &[&str]) -> (bool, String) {
    let output = Command::new(BIN)
        .args(args)
        .env("FUSIONCELL_LOG", "error")
        .output()
        .await
        .expect("run fusioncell");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.success(), format!("{stdout}{stderr}"))
}

pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}
