//! The server-side scripts: Trello's sliding window kept in Redis.
//!
//! **Why a sliding log, not GCRA.** Trello counts the requests sent in the
//! last window; a log of grant times (a sorted set scored by time) mirrors
//! that rule exactly, so a fleet can use the whole budget (GCRA spreads
//! permits evenly and, to stay under a sliding count, must either forbid
//! bursts or give up part of the rate). Its cost, one set entry per grant in
//! the window (at most `max`: 300 for a key), is small, and every entry
//! expires with its key.
//!
//! **Atomicity.** Each script runs as one `EVALSHA`: Redis runs it alone, so
//! trimming, counting and adding for all limits of a call happen with no
//! other client in between — no read-modify-write race, one round trip.
//!
//! **Clock.** Every time is Redis `TIME` in microseconds; nothing absolute
//! comes from or goes to a client, so clients with skewed clocks agree.
//! (Redis 5+ replicates scripts by effect, so reading `TIME` before writing
//! is allowed.)

use std::sync::LazyLock;

/// Grants a permit for every limit at once, or says how long to wait.
///
/// `KEYS`: per limit, its log (sorted set) then its pause key.
/// `ARGV[1]`: a member name unique to this attempt; then per limit its
/// `max` and its window in microseconds.
///
/// Answers `{1, 0, 0, 0}` when granted (one entry added to every log, each
/// log expiring a window after its newest entry), else `{0, wait_us,
/// index, paused}`: the longest wait, the 1-based index of the limit that
/// needs it, and 1 if that limit is paused (0 if full). Nothing is written
/// when a permit is refused.
pub(crate) const ACQUIRE: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- Lua 5.1 prints numbers with 14 digits; times need 16.
local function us(x) return string.format('%d', x) end
local n = #KEYS / 2
local wait, cause, paused = 0, 0, 0
for i = 1, n do
  local log, pause = KEYS[2 * i - 1], KEYS[2 * i]
  local max = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  local until_us = tonumber(redis.call('GET', pause) or '0') or 0
  if until_us - now > wait then
    wait, cause, paused = until_us - now, i, 1
  end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', us(now - window))
  local len = redis.call('ZCARD', log)
  if len >= max then
    local oldest = redis.call('ZRANGE', log, len - max, len - max, 'WITHSCORES')
    local free_at = tonumber(oldest[2]) + window
    if free_at - now > wait then
      wait, cause, paused = free_at - now, i, 0
    end
  end
end
if wait > 0 then
  return {0, math.ceil(wait), cause, paused}
end
for i = 1, n do
  local log = KEYS[2 * i - 1]
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZADD', log, us(now), ARGV[1])
  redis.call('PEXPIRE', log, math.ceil(window / 1000) + 1000)
end
return {1, 0, 0, 0}
"#;

/// Records lessons: `x-rate-limit-*-remaining` corrections and pauses.
///
/// `KEYS`: per lesson, its limit's log then its pause key.
/// `ARGV[1]`: a prefix unique to this call (for padding entries' names);
/// then per lesson: kind (`r` remaining, `p` pause), the limit's `max`, its
/// window in microseconds, and the value (remaining count, or pause in
/// microseconds).
///
/// A remaining count pads the log at Redis's now until it holds
/// `max - remaining` entries in the window (never removes any); a pause,
/// clamped to the window, moves the pause key's end later (never earlier)
/// and expires with it.
pub(crate) const LEARN: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- Lua 5.1 prints numbers with 14 digits; times need 16.
local function us(x) return string.format('%d', x) end
local n = #KEYS / 2
for i = 1, n do
  local log, pause = KEYS[2 * i - 1], KEYS[2 * i]
  local base = 4 * (i - 1) + 1
  local kind = ARGV[base + 1]
  local max = tonumber(ARGV[base + 2])
  local window = tonumber(ARGV[base + 3])
  local value = tonumber(ARGV[base + 4])
  if kind == 'r' then
    redis.call('ZREMRANGEBYSCORE', log, '-inf', us(now - window))
    local len = redis.call('ZCARD', log)
    local need = max - value
    if need > max then need = max end
    if len < need then
      for j = 1, need - len do
        redis.call('ZADD', log, us(now), ARGV[1] .. ':' .. i .. ':' .. j)
      end
      redis.call('PEXPIRE', log, math.ceil(window / 1000) + 1000)
    end
  elseif kind == 'p' then
    if value > window then value = window end
    if value > 0 then
      local until_us = now + value
      local current = tonumber(redis.call('GET', pause) or '0') or 0
      if until_us > current then
        redis.call('SET', pause, us(until_us), 'PX', math.ceil(value / 1000) + 1)
      end
    end
  end
end
return n
"#;

/// Moves one grant, named by its member, to Redis's now in every log that
/// still holds it: the grant then counts from when its answer came, never
/// leaving the window before Trello's entry does. A member no longer in a
/// log (it left the window) is not added back. One `ZADD XX` per log,
/// O(log n).
///
/// `KEYS`: one log per limit. `ARGV[1]`: the grant's member; then per limit
/// its window in microseconds (to keep the log's expiry).
pub(crate) const SETTLE: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function us(x) return string.format('%d', x) end
local moved = 0
for i = 1, #KEYS do
  if redis.call('ZADD', KEYS[i], 'XX', 'CH', us(now), ARGV[1]) == 1 then
    moved = moved + 1
    redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[i + 1]) / 1000) + 1000)
  end
end
return moved
"#;

/// The settle script, hashed once.
pub(crate) static SETTLE_SCRIPT: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(SETTLE));

/// The acquire script, hashed once.
pub(crate) static ACQUIRE_SCRIPT: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(ACQUIRE));

/// The learn script, hashed once.
pub(crate) static LEARN_SCRIPT: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(LEARN));
