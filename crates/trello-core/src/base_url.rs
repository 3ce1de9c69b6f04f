//! The API base URL, and the rule that it must be https.

use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use crate::Error;

/// Trello's REST API base.
pub const DEFAULT_BASE_URL: &str = "https://api.trello.com/1";

/// Parses and checks a base URL: it must be absolute, https unless its host
/// is loopback (`localhost`, 127.0.0.0/8, `::1`), and carry no query,
/// fragment or credentials. A trailing `/` is removed.
pub fn parse_base_url(raw: &str) -> Result<Url, Error> {
    let url = Url::parse(raw).map_err(|err| {
        Error::invalid_input(format!(
            "base URL `{raw}` is not an absolute URL ({err}); use e.g. {DEFAULT_BASE_URL}"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::invalid_input(format!(
                "base URL `{raw}` uses http to a non-loopback host; credentials would travel \
                 in clear text. Use https (http is allowed only for localhost, 127.0.0.0/8 and ::1)"
            )));
        }
        other => {
            return Err(Error::invalid_input(format!(
                "base URL `{raw}` has scheme `{other}`; use https"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid_input(format!(
            "base URL `{raw}` has a query or fragment; give only scheme, host and path"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_input(
            "base URL carries user info; pass credentials with the client's credentials instead",
        ));
    }
    let mut url = url;
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
}

/// Whether `url`'s host is loopback (`localhost`, 127.0.0.0/8, `::1`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback() || ip == Ipv4Addr::LOCALHOST,
        Some(Host::Ipv6(ip)) => ip == Ipv6Addr::LOCALHOST,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http() {
        assert_eq!(
            parse_base_url("https://api.trello.com/1/")
                .unwrap()
                .as_str(),
            "https://api.trello.com/1"
        );
        for ok in [
            "http://127.0.0.1:8080/1",
            "http://127.8.9.10/1",
            "http://localhost:3000",
            "http://[::1]:9000/1",
        ] {
            parse_base_url(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
    }

    #[test]
    fn refuses_plain_http_and_odd_urls() {
        for bad in [
            "http://api.trello.com/1",
            "http://10.0.0.1/1",
            "ftp://api.trello.com",
            "api.trello.com/1",
            "https://api.trello.com/1?key=x",
            "https://user:pw@api.trello.com/1",
        ] {
            let err = parse_base_url(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}");
        }
        let err = parse_base_url("http://example.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("https"), "{err}");
    }
}
