//! Bench 5, OAuth 1.0a signing: signatures per second for a typical call
//! (`GET /1/boards/{id}/cards?fields=name,idList,due&limit=100`), against a
//! baseline measured in the same run: the bare HMAC-SHA1 of the same base
//! string (the cryptography no implementation can skip).

use std::{hint::black_box, time::Duration};

use criterion::{Criterion, Throughput};
use trello::{
    AppSecret, OAuth1Credentials, TokenSecret,
    oauth1::{
        FixedClock, FixedNonce, OAuth1Signer, OAuthParams, SigningKeys, authorization_header,
        sign::{hmac_sha1_signature, signature_base_string},
    },
};
use trello_benches::{
    BENCH_KEY, BENCH_TOKEN, BOARD_ID,
    stats::{Recorder, human},
};
use url::Url;

static RECORDER: Recorder = Recorder::new();
const SAMPLES: usize = 50;
const CONSUMER_SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const TOKEN_SECRET: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

fn measure(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    f: impl Fn() -> usize,
) {
    let key = format!("oauth1/{name}");
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let start = std::time::Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            let elapsed = start.elapsed();
            RECORDER.record(&key, iters, elapsed);
            elapsed
        });
    });
}

fn main() {
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let url = Url::parse(&format!(
        "https://api.trello.com/1/boards/{BOARD_ID}/cards?fields=name,idList,due&limit=100"
    ))
    .unwrap_or_else(|err| panic!("bad URL: {err}"));
    let consumer_secret = AppSecret::new(CONSUMER_SECRET);
    let token_secret = TokenSecret::new(TOKEN_SECRET);
    let keys = SigningKeys {
        consumer_key: BENCH_KEY,
        consumer_secret: &consumer_secret,
        token: Some(BENCH_TOKEN),
        token_secret: Some(&token_secret),
    };
    let params = OAuthParams {
        nonce: "9f86d081884c7d659a2feaa0c55ad015".to_owned(),
        timestamp: 1_764_288_000,
        version: true,
        ..OAuthParams::default()
    };
    let protocol = [
        ("oauth_consumer_key", BENCH_KEY),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "1764288000"),
        ("oauth_nonce", "9f86d081884c7d659a2feaa0c55ad015"),
        ("oauth_token", BENCH_TOKEN),
        ("oauth_version", "1.0"),
    ];
    let base_string = signature_base_string("GET", &url, &protocol);
    let credentials = OAuth1Credentials::new(BENCH_KEY, CONSUMER_SECRET, BENCH_TOKEN, TOKEN_SECRET);
    let fixed_signer = OAuth1Signer::new(credentials.clone())
        .with_clock(FixedClock(1_764_288_000))
        .with_nonces(FixedNonce("9f86d081884c7d659a2feaa0c55ad015".to_owned()));
    let signer = OAuth1Signer::new(credentials);

    // The header carries the same signature the baseline computes.
    let header = authorization_header(keys, "GET", &url, &[], &params)
        .unwrap_or_else(|err| panic!("signing failed: {err}"));
    assert_eq!(
        header.signature,
        hmac_sha1_signature(&base_string, &consumer_secret, Some(&token_secret))
    );

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(SAMPLES)
        .configure_from_args();
    let mut group = criterion.benchmark_group("oauth1");
    group.throughput(Throughput::Elements(1));
    measure(
        &mut group,
        "hmac_sha1 of the base string (baseline)",
        || hmac_sha1_signature(&base_string, &consumer_secret, Some(&token_secret)).len(),
    );
    measure(&mut group, "authorization_header", || {
        authorization_header(keys, "GET", &url, &[], &params)
            .map(|s| s.signature.len())
            .unwrap_or_default()
    });
    measure(&mut group, "OAuth1Signer::sign, fixed nonce", || {
        fixed_signer
            .sign("GET", &url, &[])
            .map(|h| h.len())
            .unwrap_or_default()
    });
    measure(&mut group, "OAuth1Signer::sign, OS nonce", || {
        signer
            .sign("GET", &url, &[])
            .map(|h| h.len())
            .unwrap_or_default()
    });
    group.finish();
    criterion.final_summary();

    if !measuring {
        return;
    }
    let baseline = RECORDER.median("oauth1/hmac_sha1 of the base string (baseline)", SAMPLES);
    println!();
    println!("OAuth 1.0a signing of a typical GET (median; ratio = time / bare HMAC-SHA1)");
    println!(
        "| {:<40} | {:>10} | {:>12} | {:>6} |",
        "what", "time", "signatures/s", "ratio"
    );
    println!("|{:-<42}|{:-<12}|{:-<14}|{:-<8}|", "", "", "", "");
    for name in [
        "hmac_sha1 of the base string (baseline)",
        "authorization_header",
        "OAuth1Signer::sign, fixed nonce",
        "OAuth1Signer::sign, OS nonce",
    ] {
        let time = RECORDER.median(&format!("oauth1/{name}"), SAMPLES);
        println!(
            "| {name:<40} | {:>10} | {:>12.0} | {:>6.2} |",
            human(time),
            1.0 / time,
            time / baseline
        );
    }
}
