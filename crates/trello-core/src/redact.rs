//! Keeping secrets out of logs: URLs are written with credential query
//! values replaced.

use std::fmt;

use url::Url;

/// What replaces a secret value.
pub const REDACTED: &str = "REDACTED";

/// Whether a query parameter named `name` carries a secret: `key`, `token`,
/// `secret`, `signature`, or any `oauth_*` parameter (case-insensitive).
pub fn is_secret_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "key" | "token" | "secret" | "signature" | "api_key" | "apikey"
    ) || lower.starts_with("oauth_")
}

/// A URL that displays with its user info removed and every secret query
/// value ([`is_secret_param`]) replaced by `REDACTED`. Formatting is lazy:
/// nothing is allocated unless it is displayed.
#[derive(Clone, Copy)]
pub struct RedactedUrl<'a>(pub &'a Url);

impl fmt::Display for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0;
        write!(f, "{}://", url.scheme())?;
        if let Some(host) = url.host_str() {
            f.write_str(host)?;
        }
        if let Some(port) = url.port() {
            write!(f, ":{port}")?;
        }
        f.write_str(url.path())?;
        if url.query().is_some() {
            let mut serializer = url::form_urlencoded::Serializer::new(String::new());
            for (name, value) in url.query_pairs() {
                let value = if is_secret_param(&name) {
                    REDACTED
                } else {
                    &value
                };
                serializer.append_pair(&name, value);
            }
            write!(f, "?{}", serializer.finish())?;
        }
        Ok(())
    }
}

impl fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// `url` as a string safe to log (see [`RedactedUrl`]).
pub fn redact_url(url: &Url) -> String {
    RedactedUrl(url).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_replaced() {
        let url = Url::parse(
            "https://u:pw@api.trello.com:8443/1/boards/abc?fields=name&key=K3Y&token=T0K&OAuth_Signature=s%3D&filter=open",
        )
        .unwrap();
        let shown = redact_url(&url);
        assert_eq!(
            shown,
            "https://api.trello.com:8443/1/boards/abc?fields=name&key=REDACTED&token=REDACTED&OAuth_Signature=REDACTED&filter=open"
        );
        assert!(!format!("{:?}", RedactedUrl(&url)).contains("T0K"));
        let plain = Url::parse("http://127.0.0.1/1/members/me").unwrap();
        assert_eq!(redact_url(&plain), "http://127.0.0.1/1/members/me");
    }
}
