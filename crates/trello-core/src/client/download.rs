//! Following a download's redirects: Trello answers an attachment download
//! with a 302 to its storage host. Only download calls follow redirects;
//! the credentials go only to Trello's own hosts.

use http::{HeaderValue, StatusCode, header};
use url::Url;

use crate::{
    Auth, Error,
    base_url::is_loopback,
    meta::Method,
    request::PreparedRequest,
    transport::{Body, Transport},
};

use super::Client;

/// The most redirects one download follows.
pub const MAX_DOWNLOAD_REDIRECTS: usize = 5;

/// The hosts that receive credentials on a redirect (exact match, https,
/// port 443), besides the client's own API origin.
const TRELLO_HOSTS: [&str; 2] = ["api.trello.com", "trello.com"];

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Whether a redirect target may receive the credentials: the API base's
/// exact origin, or https `api.trello.com` / `trello.com` on port 443 —
/// never a storage host, a look-alike (`api.trello.com.attacker.example`)
/// or plain http.
pub(crate) fn receives_credentials(target: &Url, base: &Url) -> bool {
    if target.origin() == base.origin() {
        return true;
    }
    target.scheme() == "https"
        && target.port_or_known_default() == Some(443)
        && target.username().is_empty()
        && target.password().is_none()
        && target
            .host_str()
            .is_some_and(|host| TRELLO_HOSTS.contains(&host))
}

impl Client {
    /// Follows up to `MAX_DOWNLOAD_REDIRECTS` redirects from `response`
    /// (the answer to a GET of `url`), https only (http only to loopback),
    /// authenticating each hop with `auth` only when
    /// [`receives_credentials`] allows it. Returns the first non-redirect
    /// answer.
    pub(super) async fn follow_download_redirects(
        &self,
        mut response: http::Response<Body>,
        mut url: Url,
        auth: &Auth,
        route: &str,
    ) -> Result<http::Response<Body>, Error> {
        let inner = &*self.inner;
        let refuse = |reason: String| Error::Redirect {
            route: route.to_owned(),
            reason,
        };
        for hop in 1..=MAX_DOWNLOAD_REDIRECTS + 1 {
            if !is_redirect(response.status()) {
                return Ok(response);
            }
            if hop > MAX_DOWNLOAD_REDIRECTS {
                return Err(refuse(format!(
                    "more than {MAX_DOWNLOAD_REDIRECTS} redirects (a loop?)"
                )));
            }
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .ok_or_else(|| {
                    refuse(format!(
                        "a {} answer without a valid Location header",
                        response.status()
                    ))
                })?;
            let next = url
                .join(location)
                .map_err(|err| refuse(format!("the Location is not a URL ({err})")))?;
            let host = next.host_str().unwrap_or_default().to_owned();
            match next.scheme() {
                "https" => {}
                "http" if is_loopback(&next) => {}
                other => {
                    return Err(refuse(format!(
                        "the redirect goes to {other}://{host}; only https is followed"
                    )));
                }
            }
            if !next.username().is_empty() || next.password().is_some() {
                return Err(refuse(format!("the redirect to {host} carries user info")));
            }
            // The body of a redirect is not read: the connection closes.
            drop(response);
            let mut prepared = PreparedRequest::from_url(Method::Get, next.clone());
            let trusted = receives_credentials(&next, &inner.base_url);
            if trusted {
                auth.apply(&mut prepared)?;
            }
            tracing::debug!(hop, host = %host, credentials = trusted, "following a download redirect");
            let mut request = prepared.into_http(&inner.user_agent)?;
            request
                .headers_mut()
                .insert(header::ACCEPT, HeaderValue::from_static("*/*"));
            response = Transport::send(&*inner.transport, request)
                .await
                .map_err(|err| {
                    Error::Transport(err.with_target(super::pipeline::host_port(&next)))
                })?;
            url = next;
        }
        Err(refuse(format!(
            "more than {MAX_DOWNLOAD_REDIRECTS} redirects (a loop?)"
        )))
    }
}

/// A download body that fails with a timeout when no chunk arrives for
/// `idle` (the attempt timeout): a stalled storage host cannot hang the
/// caller, while a long download that keeps moving is never cut.
pub(super) struct IdleTimeout {
    inner: Body,
    idle: std::time::Duration,
    timer: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl IdleTimeout {
    pub(super) fn wrap(inner: Body, idle: std::time::Duration) -> Body {
        Body::new(Self {
            inner,
            idle,
            timer: Box::pin(tokio::time::sleep(idle)),
        })
    }
}

impl http_body::Body for IdleTimeout {
    type Data = bytes::Bytes;
    type Error = crate::TransportError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        use std::{future::Future as _, task::Poll};

        match std::pin::Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                let next = tokio::time::Instant::now() + self.idle;
                self.timer.as_mut().reset(next);
                Poll::Ready(frame)
            }
            Poll::Pending => match self.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(crate::policy::TimedOut {
                    scope: crate::policy::TimeoutScope::Attempt,
                    after: self.idle,
                }
                .into_transport_error()))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trello_hosts_and_the_api_origin_receive_credentials() {
        let base = Url::parse("https://api.trello.com/1").unwrap();
        let local = Url::parse("http://127.0.0.1:8080/1").unwrap();
        let yes = |u: &str, b: &Url| receives_credentials(&Url::parse(u).unwrap(), b);
        assert!(yes("https://api.trello.com/1/x", &base));
        assert!(yes("https://trello.com/1/cards/x", &base));
        assert!(yes("http://127.0.0.1:8080/1/other", &local));
        for no in [
            "http://api.trello.com/1/x",
            "https://api.trello.com:8443/1/x",
            "https://api.trello.com.attacker.example/1/x",
            "https://trello.com.attacker.example/x",
            "https://eviltrello.com/x",
            "https://trello-attachments.s3.amazonaws.com/x",
            "https://user@trello.com/x",
        ] {
            assert!(!yes(no, &base), "{no}");
        }
        // Another port on loopback is another origin.
        assert!(!yes("http://127.0.0.1:8081/1/other", &local));
        assert!(!yes("http://localhost:8080/1/other", &local));
    }
}
