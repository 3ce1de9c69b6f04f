//! The fallback: a sliding-window log in this process, used while Redis
//! cannot answer (at a share of each limit, see
//! [`OnUnavailable::FallBack`](crate::OnUnavailable::FallBack)).
//!
//! It follows the same contract as the Redis script (all-or-none grants,
//! pauses, the latest wait), on this process's monotonic clock. It is kept
//! here rather than reusing trello-core's in-process store so the fallback
//! never shares its logs with the in-process clients of the same
//! credentials: its budget is only the share given to this process.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

use trello_core::policy::{Acquire, Lesson, Limit, LimitId, WaitCause};

#[derive(Debug, Default)]
struct Log {
    grants: VecDeque<Instant>,
    paused_until: Option<Instant>,
}

impl Log {
    fn trim(&mut self, now: Instant, window: Duration) {
        while self
            .grants
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= window)
        {
            self.grants.pop_front();
        }
    }
}

/// Sliding-window logs per limit, in memory.
#[derive(Debug, Default)]
pub(crate) struct LocalLogs {
    logs: Mutex<HashMap<LimitId, Log>>,
}

impl LocalLogs {
    pub(crate) fn try_acquire(&self, limits: &[Limit]) -> Acquire {
        let now = Instant::now();
        let mut logs = self.logs.lock().unwrap_or_else(|p| p.into_inner());
        let mut longest: Option<(Duration, WaitCause)> = None;
        for limit in limits {
            let log = logs.entry(limit.id).or_default();
            log.trim(now, limit.window);
            let mut consider = |wait: Duration, cause: WaitCause| {
                if !wait.is_zero() && longest.is_none_or(|(w, _)| wait > w) {
                    longest = Some((wait, cause));
                }
            };
            if let Some(until) = log.paused_until {
                consider(
                    until.saturating_duration_since(now),
                    WaitCause::Paused(limit.id.scope),
                );
            }
            let max = limit.max.max(1) as usize;
            if log.grants.len() >= max {
                let oldest = log.grants[log.grants.len() - max];
                consider(
                    (oldest + limit.window).saturating_duration_since(now),
                    WaitCause::Full(limit.id.scope),
                );
            }
        }
        if let Some((wait, cause)) = longest {
            return Acquire::Wait { wait, cause };
        }
        for limit in limits {
            logs.entry(limit.id).or_default().grants.push_back(now);
        }
        Acquire::Granted
    }

    pub(crate) fn learn(&self, lessons: &[Lesson]) {
        let now = Instant::now();
        let mut logs = self.logs.lock().unwrap_or_else(|p| p.into_inner());
        for lesson in lessons {
            let limit = lesson.limit();
            let log = logs.entry(limit.id).or_default();
            match *lesson {
                Lesson::Remaining { remaining, .. } => {
                    log.trim(now, limit.window);
                    let need = limit.max.saturating_sub(remaining) as usize;
                    while log.grants.len() < need {
                        log.grants.push_back(now);
                    }
                }
                Lesson::Pause { pause, .. } => {
                    let until = now + pause.min(limit.window);
                    if log.paused_until.is_none_or(|current| current < until) {
                        log.paused_until = Some(until);
                    }
                }
            }
        }
    }
}
