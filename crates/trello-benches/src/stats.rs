//! Small statistics for the ratio tables the benches print.

use std::{
    collections::BTreeMap,
    sync::{Mutex, PoisonError},
    time::Duration,
};

/// The median of `values` (`NaN` when empty).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// The machine's load average over 1, 5 and 15 minutes (`/proc/loadavg`),
/// for the tables' headers; `n/a` where there is none.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "n/a".to_owned())
}

/// Per-iteration times of criterion samples, by bench name, recorded from
/// `iter_custom` so the benches can print SDK/baseline ratios at the end
/// of the run.
///
/// Criterion calls the routine for its warm-up first and then once per
/// sample; [`Recorder::median`] reads only the last `samples` calls, the
/// measured ones.
#[derive(Debug, Default)]
pub struct Recorder {
    runs: Mutex<BTreeMap<String, Vec<f64>>>,
}

impl Recorder {
    /// An empty recorder.
    pub const fn new() -> Self {
        Self {
            runs: Mutex::new(BTreeMap::new()),
        }
    }

    /// Records that `iters` iterations of `name` took `elapsed`.
    pub fn record(&self, name: &str, iters: u64, elapsed: Duration) {
        let per_iter = elapsed.as_secs_f64() / iters.max(1) as f64;
        self.runs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(name.to_owned())
            .or_default()
            .push(per_iter);
    }

    /// The median per-iteration time of the last `samples` calls of `name`,
    /// in seconds (`NaN` when it never ran).
    pub fn median(&self, name: &str, samples: usize) -> f64 {
        let runs = self.runs.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(all) = runs.get(name) else {
            return f64::NAN;
        };
        median(&all[all.len().saturating_sub(samples)..])
    }
}

/// A duration in seconds, printed with a unit that suits it.
pub fn human(seconds: f64) -> String {
    if seconds.is_nan() {
        "n/a".to_owned()
    } else if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.3} ms", seconds * 1e3)
    } else if seconds >= 1e-6 {
        format!("{:.2} µs", seconds * 1e6)
    } else {
        format!("{:.0} ns", seconds * 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
        let r = Recorder::new();
        for ms in [100, 1, 2, 3] {
            r.record("a", 1, Duration::from_millis(ms));
        }
        // The warm-up call (100 ms) is left out.
        assert!((r.median("a", 3) - 0.002).abs() < 1e-9);
        assert_eq!(human(0.0015), "1.500 ms");
    }
}
