//! What the end-to-end tests share.

use std::process::{Command, Output};

/// Runs the `storyline` binary built for these tests.
pub fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .unwrap()
}
