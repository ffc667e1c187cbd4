//! Progress on stderr for runs over a second (hidden when stderr is not a terminal), and
//! problems printed as `error: <origin>: <reason>` without tearing the bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use storyline_core::pipeline::{Observer, RunStats};
use storyline_core::Problem;

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    pub fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"),
        );
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Observer for Progress {
    fn problem(&mut self, problem: &Problem) {
        self.bar.suspend(|| eprintln!("{problem}"));
    }

    fn progress(&mut self, s: &RunStats) {
        if !self.shown && self.terminal && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
            self.shown = true;
        }
        let rate = s.read as f64 / s.elapsed.as_secs_f64().max(1e-9);
        self.bar.set_message(format!(
            "read {} · new {} · duplicate {} · rejected {} · {:.0}/s",
            s.read, s.new, s.duplicate, s.rejected, rate
        ));
    }
}
