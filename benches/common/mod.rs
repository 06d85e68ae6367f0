#![allow(clippy::indexing_slicing, dead_code)]

//! Timing helpers shared by the benchmarks: median and 99th percentile of many runs.

use std::time::{Duration, Instant};

pub struct Timing {
    pub median: Duration,
    pub p99: Duration,
    pub runs: usize,
}

/// The median and 99th percentile of `samples`.
pub fn summarize(mut samples: Vec<Duration>) -> Timing {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Timing {
        median: at(0.5),
        p99: at(0.99),
        runs: samples.len(),
    }
}

/// Runs `work` `runs` times after a short warm-up and returns the median and 99th percentile.
pub fn time<T>(runs: usize, mut work: impl FnMut() -> T) -> Timing {
    for _ in 0..runs.div_ceil(10) {
        std::hint::black_box(work());
    }
    summarize(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(work());
                start.elapsed()
            })
            .collect(),
    )
}

pub fn report(name: &str, t: &Timing) {
    println!(
        "{name:<52} median {:>8.3} ms   p99 {:>8.3} ms   ({} runs)",
        t.median.as_secs_f64() * 1e3,
        t.p99.as_secs_f64() * 1e3,
        t.runs
    );
}
