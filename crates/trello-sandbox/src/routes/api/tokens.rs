//! The token routes.

use axum::http::StatusCode;

use super::*;

/// The token routes.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { record, shared, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("GET", ["tokens", value]) => {
            let token = store
                .tokens
                .get(*value)
                .ok_or_else(|| text(StatusCode::UNAUTHORIZED, "invalid token"))?;
            ok(&token.to_json(&app_name(shared, &token.key)))
        }
        ("GET", ["tokens", value, "member"]) => {
            let token = store
                .tokens
                .get(*value)
                .ok_or_else(|| text(StatusCode::UNAUTHORIZED, "invalid token"))?;
            ok(store
                .members
                .get(&token.member_id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?)
        }
        ("DELETE", ["tokens", value]) => {
            let owned = store
                .tokens
                .get(*value)
                .is_some_and(|t| t.member_id == record.member_id);
            if !owned {
                return Err(text(StatusCode::UNAUTHORIZED, "invalid token"));
            }
            store.tokens.remove(*value);
            store.access_tokens.remove(*value);
            deleted()
        }

        _ => return Ok(None),
    }))
}
