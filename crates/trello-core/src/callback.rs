//! What comes back from the authorize route: the token, or the user's "Deny".
//!
//! - With `callback_method=fragment` Trello redirects to
//!   `return_url#token=…`; on deny the fragment has an empty `token=` and an
//!   `error=` with Trello's message. See [`parse_fragment`].
//! - With `callback_method=postMessage` Trello posts the token (a string) to
//!   the `return_url` origin, or an object with an `error` key on deny. See
//!   [`parse_post_message`].
//! - A user pasting back what they copied (the bare token, or the whole
//!   redirected URL) is handled by [`parse_pasted`].
//!
//! Every input is untrusted: malformed input gives a
//! [`CallbackError::Malformed`], never a panic, and no error message ever
//! repeats a token.

use crate::{Error, Token};

/// The longest input accepted (a token is well under 100 characters).
pub const MAX_INPUT_LEN: usize = 16 * 1024;
/// The shortest token accepted (Trello's tokens are 64 characters or more;
/// anything much shorter is a paste or parse mistake).
pub const MIN_TOKEN_LEN: usize = 16;
/// The longest token accepted.
pub const MAX_TOKEN_LEN: usize = 512;
/// The longest denial message kept.
const MAX_MESSAGE_LEN: usize = 300;

/// Why no token came back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The user clicked "Deny" (or Trello refused): Trello's message.
    #[error("authorization was denied: {message}")]
    Denied {
        /// Trello's error message, trimmed and shortened.
        message: String,
    },
    /// The input is not a callback Trello sends.
    #[error("malformed authorization callback: {reason}")]
    Malformed {
        /// What was wrong (never contains the token).
        reason: String,
    },
}

impl CallbackError {
    fn malformed(reason: impl Into<String>) -> Self {
        Self::Malformed {
            reason: reason.into(),
        }
    }

    fn denied(message: &str) -> Self {
        let cleaned: String = message
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_MESSAGE_LEN)
            .collect();
        let message = cleaned.trim();
        Self::Denied {
            message: if message.is_empty() {
                "no reason given".to_owned()
            } else {
                message.to_owned()
            },
        }
    }

    /// Whether the user (or Trello) denied access, as opposed to garbled input.
    pub fn is_denied(&self) -> bool {
        matches!(self, Self::Denied { .. })
    }
}

impl From<CallbackError> for Error {
    fn from(err: CallbackError) -> Self {
        Error::invalid_input(err.to_string())
    }
}

fn check_len(input: &str) -> Result<(), CallbackError> {
    if input.len() > MAX_INPUT_LEN {
        return Err(CallbackError::malformed(format!(
            "input is {} bytes long; a callback is at most {MAX_INPUT_LEN}",
            input.len()
        )));
    }
    Ok(())
}

/// Checks that `raw` looks like a Trello token: [`MIN_TOKEN_LEN`] to
/// [`MAX_TOKEN_LEN`] ASCII letters, digits, `-` or `_`.
pub fn parse_token(raw: &str) -> Result<Token, CallbackError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(CallbackError::malformed("the token is empty"));
    }
    if raw.len() < MIN_TOKEN_LEN {
        return Err(CallbackError::malformed(format!(
            "the token is {} characters long; Trello tokens have at least {MIN_TOKEN_LEN}",
            raw.len()
        )));
    }
    if raw.len() > MAX_TOKEN_LEN {
        return Err(CallbackError::malformed(format!(
            "the token is {} characters long; Trello tokens are at most {MAX_TOKEN_LEN}",
            raw.len()
        )));
    }
    if let Some(bad) = raw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let shown = if bad.is_ascii_graphic() || bad == ' ' {
            format!("`{bad}`")
        } else {
            format!("U+{:04X}", u32::from(bad))
        };
        return Err(CallbackError::malformed(format!(
            "the token contains {shown}; a token has only letters, digits, `-` and `_`"
        )));
    }
    Ok(Token::new(raw))
}

/// Parses the fragment Trello redirects to `return_url` with.
///
/// Accepts the whole redirected URL (`https://app.example/cb#token=…`), the
/// fragment with or without its `#`, as `token=…&…` pairs.
///
/// - `token=<value>` → the token;
/// - `token=` (empty) with `error=<message>` → [`CallbackError::Denied`];
/// - anything else → [`CallbackError::Malformed`].
pub fn parse_fragment(input: &str) -> Result<Token, CallbackError> {
    check_len(input)?;
    let input = input.trim();
    let fragment = match input.split_once('#') {
        Some((_, fragment)) => fragment,
        None if input.contains("://") => {
            return Err(CallbackError::malformed(
                "the URL has no `#` fragment; Trello returns the token as `#token=…`",
            ));
        }
        None => input,
    };
    let mut token: Option<String> = None;
    let mut error: Option<String> = None;
    for (name, value) in form_urlencoded::parse(fragment.as_bytes()) {
        let slot = match name.as_ref() {
            "token" => &mut token,
            "error" => &mut error,
            _ => continue,
        };
        if slot.is_some() {
            return Err(CallbackError::malformed(format!(
                "`{name}` appears more than once in the fragment"
            )));
        }
        *slot = Some(value.into_owned());
    }
    match (token, error) {
        (_, Some(error)) if !error.trim().is_empty() => Err(CallbackError::denied(&error)),
        (Some(token), _) if !token.trim().is_empty() => parse_token(&token),
        (Some(_), _) => Err(CallbackError::malformed(
            "the fragment has an empty token and no error",
        )),
        (None, _) => Err(CallbackError::malformed(
            "the fragment has no `token=`; expected `#token=…` or `#token=&error=…`",
        )),
    }
}

/// Parses the data of the `postMessage` Trello sends to the `return_url`
/// origin.
///
/// Accepts the token as a plain string (what Trello's client.js receives), a
/// JSON string, or a JSON object with a `token` key; a JSON object with an
/// `error` key is a [`CallbackError::Denied`].
pub fn parse_post_message(payload: &str) -> Result<Token, CallbackError> {
    check_len(payload)?;
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(CallbackError::malformed("the postMessage payload is empty"));
    }
    if !payload.starts_with(['{', '"', '[']) {
        return parse_token(payload);
    }
    let value: serde_json::Value = serde_json::from_str(payload).map_err(|err| {
        CallbackError::malformed(format!(
            "the postMessage payload is not valid JSON (line {}, column {})",
            err.line(),
            err.column()
        ))
    })?;
    match value {
        serde_json::Value::String(token) => parse_token(&token),
        serde_json::Value::Object(map) => {
            if let Some(error) = map.get("error") {
                return Err(match error {
                    serde_json::Value::String(message) => CallbackError::denied(message),
                    serde_json::Value::Null => CallbackError::denied(""),
                    other => CallbackError::denied(&other.to_string()),
                });
            }
            match map.get("token") {
                Some(serde_json::Value::String(token)) => parse_token(token),
                Some(_) => Err(CallbackError::malformed(
                    "the postMessage `token` is not a string",
                )),
                None => Err(CallbackError::malformed(
                    "the postMessage object has neither `token` nor `error`",
                )),
            }
        }
        _ => Err(CallbackError::malformed(
            "the postMessage payload is neither a token nor an object with `token` or `error`",
        )),
    }
}

/// Parses what a user pasted back: the bare token (as Trello's "token" page
/// shows it), or the redirected URL or its fragment.
pub fn parse_pasted(input: &str) -> Result<Token, CallbackError> {
    check_len(input)?;
    let trimmed = input.trim();
    if trimmed.contains(['#', '=']) {
        parse_fragment(trimmed)
    } else {
        parse_token(trimmed)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const TOKEN: &str = "tOkEnCaNaRy9876543210fedcba9876543210fedcba98765432";

    #[test]
    fn fragment_with_a_token() {
        for input in [
            format!("https://app.example/cb#token={TOKEN}"),
            format!("#token={TOKEN}"),
            format!("token={TOKEN}"),
            format!("  https://app.example/cb?x=1#state=a&token={TOKEN}  "),
        ] {
            assert_eq!(parse_fragment(&input).unwrap().expose(), TOKEN, "{input}");
        }
    }

    #[test]
    fn fragment_on_deny() {
        let err = parse_fragment("https://app.example/cb#token=&error=Token%20request%20rejected")
            .unwrap_err();
        assert_eq!(
            err,
            CallbackError::Denied {
                message: "Token request rejected".into()
            }
        );
        assert!(err.is_denied());
        assert!(parse_fragment("#error=nope").unwrap_err().is_denied());
    }

    #[test]
    fn malformed_fragments() {
        for bad in [
            "",
            "#",
            "#token=",
            "https://app.example/cb",
            "https://app.example/cb?token=abc",
            "#token=a&token=b",
            "#token=abcdefghijklmnop%2Fqrstuvwxyz",
            "#token=abcdefghijklmnop qrstuvwxyz",
        ] {
            let err = parse_fragment(bad).unwrap_err();
            assert!(
                matches!(err, CallbackError::Malformed { .. }),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn post_message_payloads() {
        assert_eq!(parse_post_message(TOKEN).unwrap().expose(), TOKEN);
        assert_eq!(
            parse_post_message(&format!("\"{TOKEN}\""))
                .unwrap()
                .expose(),
            TOKEN
        );
        assert_eq!(
            parse_post_message(&format!("{{\"token\":\"{TOKEN}\"}}"))
                .unwrap()
                .expose(),
            TOKEN
        );
        let err = parse_post_message(r#"{"error":"Token request rejected"}"#).unwrap_err();
        assert_eq!(
            err,
            CallbackError::Denied {
                message: "Token request rejected".into()
            }
        );
        for bad in [
            "",
            "{",
            "[1]",
            "42x",
            "{}",
            r#"{"token":5}"#,
            "null",
            "\"\"",
            "\"short\"",
        ] {
            let err = parse_post_message(bad).unwrap_err();
            assert!(
                matches!(err, CallbackError::Malformed { .. }),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn pasted_input() {
        assert_eq!(
            parse_pasted(&format!("  {TOKEN}\n")).unwrap().expose(),
            TOKEN
        );
        assert_eq!(
            parse_pasted(&format!("http://localhost:3000/#token={TOKEN}"))
                .unwrap()
                .expose(),
            TOKEN
        );
    }

    #[test]
    fn errors_never_repeat_the_token() {
        let inputs = [
            format!("#token={TOKEN}!"),
            format!("#token={TOKEN}&token={TOKEN}"),
            format!("{{\"token\":\"{TOKEN} \"}}"),
            format!("{TOKEN}{}", "a".repeat(MAX_TOKEN_LEN)),
            format!("{{\"token\":\"{TOKEN}\""),
        ];
        for input in inputs {
            let err = parse_pasted(&input)
                .err()
                .or_else(|| parse_post_message(&input).err())
                .unwrap_or_else(|| panic!("{input} should fail"));
            let err_core: Error = err.clone().into();
            for text in [err.to_string(), format!("{err:?}"), err_core.to_string()] {
                assert!(!text.contains(TOKEN), "{text}");
            }
        }
    }

    #[test]
    fn oversized_input_is_refused() {
        let big = "a".repeat(MAX_INPUT_LEN + 1);
        assert!(parse_fragment(&big).is_err());
        assert!(parse_post_message(&big).is_err());
        assert!(parse_pasted(&big).is_err());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(input in any::<String>()) {
            let _ = parse_fragment(&input);
            let _ = parse_post_message(&input);
            let _ = parse_pasted(&input);
        }

        #[test]
        fn parsers_never_panic_on_near_misses(
            prefix in "(https://a\\.example/cb)?#?",
            name in "(token|error|x)",
            value in "[A-Za-z0-9%&=#+ _\\-\"{}]{0,40}",
        ) {
            let input = format!("{prefix}{name}={value}");
            let _ = parse_fragment(&input);
            let _ = parse_post_message(&input);
        }

        #[test]
        fn any_valid_token_round_trips(token in "[A-Za-z0-9_-]{16,200}") {
            let fragment = format!("https://app.example/cb#token={token}");
            prop_assert_eq!(parse_fragment(&fragment).unwrap().expose().to_owned(), token.clone());
            prop_assert_eq!(parse_post_message(&token).unwrap().expose().to_owned(), token.clone());
            let json = serde_json::json!({ "token": token }).to_string();
            prop_assert_eq!(parse_post_message(&json).unwrap().expose().to_owned(), token.clone());
            prop_assert_eq!(parse_pasted(&token).unwrap().expose().to_owned(), token.clone());
        }

        #[test]
        fn any_denial_message_is_denied(message in "\\PC{1,100}") {
            prop_assume!(!message.trim().is_empty());
            let encoded: String = form_urlencoded::byte_serialize(message.as_bytes()).collect();
            let denied = parse_fragment(&format!("#token=&error={encoded}")).unwrap_err();
            prop_assert!(denied.is_denied());
            let json = serde_json::json!({ "error": message }).to_string();
            prop_assert!(parse_post_message(&json).unwrap_err().is_denied());
        }
    }
}
