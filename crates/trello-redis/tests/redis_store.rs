//! RedisStore against a real redis-server started by each test (no mock).

use std::time::{Duration, Instant};

use trello_core::policy::{
    Acquire, CredentialHasher, GrantId, Lesson, Limit, LimitId, LimitScope, RateLimitStore,
    WaitCause,
};
use trello_redis::{OnUnavailable, RedisServer, RedisStore};

const SECRET: &[u8] = b"fleet secret for the tests";

fn limit(store: &RedisStore, scope: LimitScope, who: &str, max: u32, window: Duration) -> Limit {
    let hasher: &CredentialHasher = store.hasher();
    Limit {
        id: LimitId {
            scope,
            owner: hasher.digest(scope.as_str(), &[who.as_bytes()]),
        },
        max,
        window,
    }
}

fn store(server: &RedisServer) -> RedisStore {
    RedisStore::connect(server.url(), SECRET.to_vec()).expect("store")
}

async fn granted(store: &RedisStore, limits: &[Limit]) -> usize {
    let mut n = 0;
    while let Acquire::Granted = store
        .try_acquire(limits, GrantId::next())
        .await
        .expect("decided")
    {
        n += 1;
        assert!(n < 10_000, "never refused");
    }
    n
}

#[tokio::test]
async fn grants_max_per_window_then_says_how_long_to_wait() {
    let server = RedisServer::start().expect("redis-server");
    let store = store(&server);
    let window = Duration::from_secs(2);
    let key = limit(&store, LimitScope::Key, "k", 5, window);
    let started = Instant::now();
    assert_eq!(granted(&store, &[key]).await, 5);
    match store.try_acquire(&[key], GrantId::next()).await.unwrap() {
        Acquire::Wait { wait, cause } => {
            assert_eq!(cause, WaitCause::Full(LimitScope::Key));
            let elapsed = started.elapsed();
            assert!(
                wait <= window && wait + elapsed + Duration::from_millis(50) >= window,
                "{wait:?}"
            );
            tokio::time::sleep(wait).await;
        }
        other => panic!("a sixth grant in the window: {other:?}"),
    }
    // The oldest grant left the window: exactly one slot more at a time.
    assert!(matches!(
        store.try_acquire(&[key], GrantId::next()).await.unwrap(),
        Acquire::Granted
    ));
    // The keys expire.
    let client = redis::Client::open(server.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("trello:rl:*")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(!keys.is_empty());
    for name in keys {
        assert!(name.starts_with("trello:rl:{"), "{name}");
        let ttl: i64 = redis::cmd("PTTL")
            .arg(&name)
            .query_async(&mut conn)
            .await
            .unwrap();
        assert!(ttl > 0, "{name} never expires");
    }
}

#[tokio::test]
async fn all_limits_at_once_and_nothing_logged_on_refusal() {
    let server = RedisServer::start().expect("redis-server");
    let store = store(&server);
    let window = Duration::from_secs(30);
    let key = limit(&store, LimitScope::Key, "k", 10, window);
    let token_a = limit(&store, LimitScope::Token, "a", 3, window);
    let token_b = limit(&store, LimitScope::Token, "b", 3, window);
    assert_eq!(granted(&store, &[key, token_a]).await, 3);
    // Token A is full: its refusals must not spend the key's budget.
    for _ in 0..20 {
        assert!(matches!(
            store
                .try_acquire(&[key, token_a], GrantId::next())
                .await
                .unwrap(),
            Acquire::Wait {
                cause: WaitCause::Full(LimitScope::Token),
                ..
            }
        ));
    }
    // So the key still has 7: token B gets 3, then the key alone 4.
    assert_eq!(granted(&store, &[key, token_b]).await, 3);
    assert_eq!(granted(&store, &[key]).await, 4);
}

#[tokio::test]
async fn two_stores_share_one_budget_and_lessons_are_scoped() {
    let server = RedisServer::start().expect("redis-server");
    let one = store(&server);
    let two = store(&server);
    let window = Duration::from_secs(30);
    let key = limit(&one, LimitScope::Key, "k", 8, window);
    assert_eq!(
        key,
        limit(&two, LimitScope::Key, "k", 8, window),
        "same secret, same names"
    );
    assert_eq!(granted(&one, &[key]).await + granted(&two, &[key]).await, 8);

    // Another secret names the same key differently: a separate budget.
    let other = RedisStore::connect(server.url(), b"another fleet".to_vec()).unwrap();
    let other_key = limit(&other, LimitScope::Key, "k", 8, window);
    assert_eq!(granted(&other, &[other_key]).await, 8);

    // A pause learned by one store stops the other, on that limit only,
    // and never for longer than the limit's window.
    let token_a = limit(&one, LimitScope::Token, "a", 100, Duration::from_secs(2));
    let token_b = limit(&one, LimitScope::Token, "b", 100, Duration::from_secs(2));
    one.learn(&[Lesson::Pause {
        limit: token_a,
        pause: Duration::from_secs(3600),
    }])
    .await
    .unwrap();
    match two.try_acquire(&[token_a], GrantId::next()).await.unwrap() {
        Acquire::Wait { wait, cause } => {
            assert_eq!(cause, WaitCause::Paused(LimitScope::Token));
            assert!(
                wait <= Duration::from_secs(2) && wait > Duration::from_millis(1500),
                "{wait:?}"
            );
        }
        other => panic!("paused limit granted: {other:?}"),
    }
    assert!(matches!(
        two.try_acquire(&[token_b], GrantId::next()).await.unwrap(),
        Acquire::Granted
    ));

    // `remaining` pads the log: Trello says 2 of 5 are left.
    let token_c = limit(&one, LimitScope::Token, "c", 5, window);
    one.learn(&[Lesson::Remaining {
        limit: token_c,
        remaining: 2,
    }])
    .await
    .unwrap();
    assert_eq!(granted(&two, &[token_c]).await, 2);
    assert_eq!(one.fallback_decisions() + two.fallback_decisions(), 0);
}

#[tokio::test]
async fn redis_killed_falls_back_within_the_timeout_then_recovers() {
    let mut server = RedisServer::start().expect("redis-server");
    let timeout = Duration::from_millis(200);
    let store = RedisStore::builder(server.url(), SECRET.to_vec())
        .timeout(timeout)
        .retry_after(Duration::from_millis(300))
        .on_unavailable(OnUnavailable::FallBack { share: 0.25 })
        .build()
        .unwrap();
    let closed = RedisStore::builder(server.url(), SECRET.to_vec())
        .timeout(timeout)
        .on_unavailable(OnUnavailable::FailClosed)
        .build()
        .unwrap();
    let window = Duration::from_secs(30);
    let key = limit(&store, LimitScope::Key, "k", 40, window);
    assert_eq!(granted(&store, &[key]).await, 40);
    assert_eq!(store.fallback_decisions(), 0);

    server.kill();
    // Every call ends within its timeout; the fallback allows a quarter.
    let mut grants = 0;
    for _ in 0..30 {
        let started = Instant::now();
        let answer = store
            .try_acquire(&[key], GrantId::next())
            .await
            .expect("fallback decides");
        assert!(
            started.elapsed() < timeout * 2,
            "a call hung {:?}",
            started.elapsed()
        );
        if answer == Acquire::Granted {
            grants += 1;
        }
    }
    assert_eq!(grants, 10, "a quarter of 40");
    assert!(store.fallback_decisions() >= 30);
    let started = Instant::now();
    let err = closed
        .try_acquire(&[key], GrantId::next())
        .await
        .expect_err("fail closed refuses");
    assert!(started.elapsed() < timeout * 2);
    assert!(err.to_string().contains("Redis"), "{err}");
    assert!(
        !err.to_string().contains("127.0.0.1"),
        "no URL in errors: {err}"
    );

    server.restart().expect("restart");
    tokio::time::sleep(Duration::from_millis(400)).await;
    // Back on Redis (empty after the restart: nothing was persisted).
    // (The first call may still meet the dead connection and fall back once.)
    let mut back = false;
    for _ in 0..20 {
        let before = store.fallback_decisions();
        let answer = store.try_acquire(&[key], GrantId::next()).await.unwrap();
        if answer == Acquire::Granted && store.fallback_decisions() == before {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "the store did not go back to Redis");
    assert_eq!(granted(&store, &[key]).await, 39);
    // The fail-closed store recovers too (after its own retry period).
    let mut closed_back = false;
    for _ in 0..30 {
        if let Ok(answer) = closed.try_acquire(&[key], GrantId::next()).await {
            assert!(matches!(answer, Acquire::Wait { .. }), "the key is full");
            closed_back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        closed_back,
        "the fail-closed store did not go back to Redis"
    );
}

#[tokio::test]
async fn bad_configuration_is_refused_with_a_reason() {
    let err = RedisStore::builder("not a url", SECRET.to_vec())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("redis://"), "{err}");
    let err = RedisStore::builder("redis://127.0.0.1:1/", Vec::new())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("secret"), "{err}");
    let err = RedisStore::builder("redis://127.0.0.1:1/", SECRET.to_vec())
        .on_unavailable(OnUnavailable::FallBack { share: 0.0 })
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("share"), "{err}");
}

#[tokio::test]
async fn settle_counts_a_grant_from_its_answer() {
    let server = RedisServer::start().expect("redis-server");
    let store = store(&server);
    let window = Duration::from_millis(1000);
    let key = limit(&store, LimitScope::Key, "k", 2, window);
    let (first, second) = (GrantId::next(), GrantId::next());
    assert_eq!(
        store.try_acquire(&[key], first).await.unwrap(),
        Acquire::Granted
    );
    assert_eq!(
        store.try_acquire(&[key], second).await.unwrap(),
        Acquire::Granted
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The second call's answer came in now, half a window after its grant.
    store.settle(&[key], second).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    // The unsettled grant left the window; the settled one is still in it.
    assert_eq!(granted(&store, &[key]).await, 1);
}

#[tokio::test]
async fn settle_moves_only_the_named_grant_of_this_store() {
    // Two processes of a fleet: grants with equal numbers from two stores
    // are different grants, and a grant nobody holds moves nothing (the
    // first design moved "the latest grant made about then", whoever's it
    // was, and so could leave a call counted from before Trello saw it).
    let server = RedisServer::start().expect("redis-server");
    let (one, two) = (store(&server), store(&server));
    let window = Duration::from_millis(1000);
    let key = limit(&one, LimitScope::Key, "k", 2, window);
    let grant = GrantId::next();
    assert_eq!(
        one.try_acquire(&[key], grant).await.unwrap(),
        Acquire::Granted
    );
    assert_eq!(
        two.try_acquire(&[key], GrantId::next()).await.unwrap(),
        Acquire::Granted
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    two.settle(&[key], grant).await.unwrap();
    one.settle(&[key], GrantId::next()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Neither grant moved: both left the window.
    assert_eq!(granted(&one, &[key]).await, 2);
}
