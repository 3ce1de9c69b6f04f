//! A [`TokenStore`] in a JSON file, written atomically with owner-only
//! permissions (feature `file-token-store`).

use std::{
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use async_trait::async_trait;
use serde_json::{Value, json};

use super::{scope::Scopes, store::TokenStore, token::TokenSet};
use crate::{
    Error,
    secrets::{AccessToken, RefreshToken},
};

/// Keeps one grant's tokens in a JSON file: each save writes a temporary
/// file beside it (mode 0600 on Unix) and renames it over the old one, so a
/// crash never leaves half a file and the last rotated refresh token is
/// always the one on disk. Saves and loads are small, synchronous file
/// operations.
#[derive(Clone, Debug)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    /// A store at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io_error(&self, what: &str, err: std::io::Error) -> Error {
        Error::invalid_input(format!(
            "could not {what} the token file {}: {err}",
            self.path.display()
        ))
    }
}

fn to_json(tokens: &TokenSet) -> Value {
    json!({
        "access_token": tokens.access_token.expose(),
        "refresh_token": tokens.refresh_token.as_ref().map(RefreshToken::expose),
        "expires_at": tokens.expires_at.and_then(|at| at.duration_since(SystemTime::UNIX_EPOCH).ok()).map(|d| d.as_secs()),
        "scope": tokens.scopes.as_ref().map(ToString::to_string),
    })
}

fn from_json(path: &Path, bytes: &[u8]) -> Result<TokenSet, Error> {
    let bad = |what: &str| {
        Error::invalid_input(format!(
            "the token file {} is not valid ({what}); delete it and sign in again",
            path.display()
        ))
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|_| bad("not JSON"))?;
    let access = value
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("no access_token"))?;
    let refresh = value
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty());
    let expires_at = match value.get("expires_at") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|secs| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
                .ok_or_else(|| bad("expires_at is not a Unix time"))?,
        ),
    };
    let scopes = value
        .get("scope")
        .and_then(Value::as_str)
        .map(Scopes::from_server);
    Ok(TokenSet::new(
        AccessToken::new(access),
        refresh.map(RefreshToken::new),
        expires_at,
        scopes,
    ))
}

#[async_trait]
impl TokenStore for FileTokenStore {
    async fn load(&self) -> Result<Option<TokenSet>, Error> {
        match std::fs::read(&self.path) {
            Ok(bytes) => from_json(&self.path, &bytes).map(Some),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(self.io_error("read", err)),
        }
    }

    async fn save(&self, tokens: &TokenSet) -> Result<(), Error> {
        use std::io::Write;
        let mut temp = self.path.clone().into_os_string();
        temp.push(".tmp");
        let temp = PathBuf::from(temp);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&temp)
            .map_err(|err| self.io_error("write", err))?;
        file.write_all(to_json(tokens).to_string().as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|err| self.io_error("write", err))?;
        std::fs::rename(&temp, &self.path).map_err(|err| self.io_error("replace", err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn round_trip_and_owner_only() {
        let path = std::env::temp_dir().join(format!(
            "trello-oauth2-store-{}-{}.json",
            std::process::id(),
            fastrand::u64(..)
        ));
        let store = FileTokenStore::new(&path);
        assert!(store.load().await.unwrap().is_none());
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
        let tokens = TokenSet::new(
            AccessToken::new("aCcEsS"),
            Some(RefreshToken::new("rEfReSh1")),
            Some(at),
            Some(Scopes::from_server("read:board:trello offline_access")),
        );
        store.save(&tokens).await.unwrap();
        let rotated = TokenSet::new(
            AccessToken::new("aCcEsS2"),
            Some(RefreshToken::new("rEfReSh2")),
            Some(at),
            tokens.scopes().cloned(),
        );
        store.save(&rotated).await.unwrap();
        let loaded = store.load().await.unwrap().unwrap();
        assert_eq!(loaded.access_token().expose(), "aCcEsS2");
        assert_eq!(loaded.refresh_token().unwrap().expose(), "rEfReSh2");
        assert_eq!(loaded.expires_at(), Some(at));
        assert_eq!(loaded.scopes(), tokens.scopes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, b"{").unwrap();
        let err = store.load().await.unwrap_err();
        assert!(!err.to_string().contains("aCcEsS"), "{err}");
        let _ = std::fs::remove_file(&path);
    }
}
