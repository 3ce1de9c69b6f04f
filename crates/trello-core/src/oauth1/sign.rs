//! HMAC-SHA1 signatures of RFC 5849 (section 3.4).

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;
use url::Url;

use crate::secrets::{AppSecret, TokenSecret};

/// Everything but the unreserved characters `A-Z a-z 0-9 - . _ ~`
/// (RFC 5849 section 3.6).
const OAUTH_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` as RFC 5849 section 3.6 says (UTF-8, every byte
/// but the unreserved ones as `%XX` with upper-case hex).
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, OAUTH_ENCODE).to_string()
}

/// The base string URI (RFC 5849 section 3.4.1.2): lower-case scheme and
/// host, the port only when it is not the scheme's default, the path, and
/// no query or fragment.
pub fn base_string_uri(url: &Url) -> String {
    let mut out = String::with_capacity(url.as_str().len());
    out.push_str(&url.scheme().to_ascii_lowercase());
    out.push_str("://");
    if let Some(host) = url.host_str() {
        out.push_str(&host.to_ascii_lowercase());
    }
    if let Some(port) = url.port() {
        out.push(':');
        out.push_str(&port.to_string());
    }
    let path = url.path();
    out.push_str(if path.is_empty() { "/" } else { path });
    out
}

/// The normalized parameters (RFC 5849 section 3.4.1.3.2): every name and
/// value percent-encoded, sorted by name then value, joined as
/// `name=value&…`. `params` are the decoded pairs: the `oauth_*` protocol
/// parameters (without `oauth_signature` and `realm`), the query and any
/// form-encoded body.
pub fn normalized_parameters<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (percent_encode(k.as_ref()), percent_encode(v.as_ref())))
        .collect();
    encoded.sort();
    let mut out = String::new();
    for (i, (k, v)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The signature base string (RFC 5849 section 3.4.1): the upper-case
/// method, the base string URI of `url` and the normalized parameters, each
/// percent-encoded, joined by `&`.
///
/// `url`'s query pairs are included (decoded as
/// `application/x-www-form-urlencoded`, as section 3.4.1.3.1 says);
/// `extra` holds the protocol parameters and any form body pairs.
///
/// The result names the consumer key and token: do not log it.
pub fn signature_base_string<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    url: &Url,
    extra: &[(K, V)],
) -> String {
    let mut params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    params.extend(
        extra
            .iter()
            .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned())),
    );
    format!(
        "{}&{}&{}",
        percent_encode(&method.to_ascii_uppercase()),
        percent_encode(&base_string_uri(url)),
        percent_encode(&normalized_parameters(&params))
    )
}

/// The HMAC-SHA1 signature of `base_string` (RFC 5849 section 3.4.2), base64
/// encoded: keyed by the encoded consumer secret, `&`, and the encoded token
/// secret (empty when there is no token yet).
pub fn hmac_sha1_signature(
    base_string: &str,
    consumer_secret: &AppSecret,
    token_secret: Option<&TokenSecret>,
) -> String {
    let key = format!(
        "{}&{}",
        percent_encode(consumer_secret.expose()),
        token_secret.map_or(String::new(), |s| percent_encode(s.expose()))
    );
    STANDARD.encode(hmac_sha1(key.as_bytes(), base_string.as_bytes()))
}

/// HMAC-SHA1 of `message` keyed by `key`.
pub(crate) fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut mac = match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_follows_section_3_6() {
        assert_eq!(percent_encode("abcABC123-._~"), "abcABC123-._~");
        assert_eq!(percent_encode("a b+c/d=&*"), "a%20b%2Bc%2Fd%3D%26%2A");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn base_string_uri_normalises() {
        let cases = [
            (
                "HTTP://EXAMPLE.COM:80/r%20v/X?id=123",
                "http://example.com/r%20v/X",
            ),
            (
                "https://www.example.net:8080/?q=1",
                "https://www.example.net:8080/",
            ),
            (
                "https://api.trello.com:443/1/members/me",
                "https://api.trello.com/1/members/me",
            ),
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000/"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                base_string_uri(&Url::parse(input).unwrap()),
                expected,
                "{input}"
            );
        }
    }

    /// RFC 5849 section 3.4.1.1, byte for byte.
    #[test]
    fn rfc5849_section_3_4_1_1_base_string() {
        let url = Url::parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").unwrap();
        let mut extra: Vec<(String, String)> = vec![
            ("oauth_consumer_key".into(), "9djdj82h48djs9d2".into()),
            ("oauth_token".into(), "kkk9d7dh3k39sjv7".into()),
            ("oauth_signature_method".into(), "HMAC-SHA1".into()),
            ("oauth_timestamp".into(), "137131201".into()),
            ("oauth_nonce".into(), "7d8f3e4a".into()),
        ];
        // The form-encoded body `c2&a3=2+q`.
        extra.extend(form_urlencoded::parse(b"c2&a3=2+q").into_owned());
        let expected = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q\
%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_\
key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m\
ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk\
9d7dh3k39sjv7";
        assert_eq!(signature_base_string("POST", &url, &extra), expected);
    }

    /// RFC 2202 test case 2, to pin the primitive.
    #[test]
    fn hmac_sha1_primitive() {
        let mac = hmac_sha1(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }
}
