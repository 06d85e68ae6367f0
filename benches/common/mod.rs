#![allow(clippy::indexing_slicing)]

//! Timing helpers shared by the benchmarks: run a closure many times, report median and p99.

use std::time::{Duration, Instant};

pub struct Timing {
    pub median: Duration,
    pub p99: Duration,
    pub runs: usize,
}

/// Runs `work` `runs` times after a short warm-up and returns the median and 99th percentile.
pub fn time<T>(runs: usize, mut work: impl FnMut() -> T) -> Timing {
    for _ in 0..runs.div_ceil(10) {
        std::hint::black_box(work());
    }
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(work());
            start.elapsed()
        })
        .collect();
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Timing {
        median: at(0.5),
        p99: at(0.99),
        runs,
    }
}

pub fn report(name: &str, t: &Timing) {
    println!(
        "{name:<48} median {:>9.3} ms   p99 {:>9.3} ms   ({} runs)",
        t.median.as_secs_f64() * 1e3,
        t.p99.as_secs_f64() * 1e3,
        t.runs
    );
}
