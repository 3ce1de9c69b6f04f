//! Which operation of one spec set is which operation of another: the
//! identity that import and drift reports share.
//!
//! Passes, each over what earlier passes left unmatched:
//! 1. same operationId and same method+path: unchanged identity;
//! 2. same operationId and method, path with as many segments: a renamed
//!    path (Trello keeps operationIds across renames);
//! 3. same method+path: the operationId changed;
//! 4. same method, as many segments, exactly one literal segment differs and
//!    the placeholders agree: a renamed path whose operationId also changed
//!    (the older document de-duplicated repeated ids with `-2`, `-3`, so
//!    those ids are not stable).
//!
//! The rest are removed (left only) or added (right only).

use crate::spec::SpecEndpoint;

/// How two operations were matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Same operationId, same route.
    Same,
    /// Same operationId, the path moved.
    Renamed,
    /// Same route, the operationId changed.
    IdChanged,
    /// The path moved and the operationId changed (one literal segment).
    RenamedAndIdChanged,
}

/// The result of matching `left` against `right`, by index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairing {
    /// `(left index, right index, how)`, in left order.
    pub pairs: Vec<(usize, usize, How)>,
    /// Left operations with no counterpart.
    pub removed: Vec<usize>,
    /// Right operations with no counterpart.
    pub added: Vec<usize>,
}

fn segments(path: &str) -> Vec<&str> {
    path.trim_start_matches('/').split('/').collect()
}

fn is_placeholder(seg: &str) -> bool {
    seg.starts_with('{') && seg.ends_with('}')
}

/// Whether two paths differ in exactly one literal segment (placeholders
/// equal, same length).
fn one_literal_apart(a: &str, b: &str) -> bool {
    let (a, b) = (segments(a), segments(b));
    if a.len() != b.len() {
        return false;
    }
    let mut differing = 0;
    for (x, y) in a.iter().zip(&b) {
        if x != y {
            if is_placeholder(x) || is_placeholder(y) {
                return false;
            }
            differing += 1;
        }
    }
    differing == 1
}

/// Matches the operations of `left` (e.g. `specs/`) with those of `right`
/// (e.g. a freshly imported document).
pub fn pair(left: &[SpecEndpoint], right: &[SpecEndpoint]) -> Pairing {
    let mut l_done = vec![false; left.len()];
    let mut r_done = vec![false; right.len()];
    let mut pairs = Vec::new();
    type Rule = fn(&SpecEndpoint, &SpecEndpoint) -> Option<How>;
    let rules: [Rule; 4] = [
        |a, b| {
            (a.operation_id.is_some() && a.operation_id == b.operation_id && a.route() == b.route())
                .then_some(How::Same)
        },
        |a, b| {
            (a.operation_id.is_some()
                && a.operation_id == b.operation_id
                && a.method == b.method
                && segments(&a.path).len() == segments(&b.path).len())
            .then_some(How::Renamed)
        },
        |a, b| (a.route() == b.route()).then_some(How::IdChanged),
        |a, b| {
            (a.method == b.method && one_literal_apart(&a.path, &b.path))
                .then_some(How::RenamedAndIdChanged)
        },
    ];
    for rule in rules {
        for (i, a) in left.iter().enumerate() {
            if l_done[i] {
                continue;
            }
            let found = right
                .iter()
                .enumerate()
                .filter(|(j, _)| !r_done[*j])
                .find_map(|(j, b)| rule(a, b).map(|how| (j, how)));
            if let Some((j, how)) = found {
                l_done[i] = true;
                r_done[j] = true;
                pairs.push((i, j, how));
            }
        }
    }
    pairs.sort_by_key(|(i, _, _)| *i);
    Pairing {
        pairs,
        removed: (0..left.len()).filter(|i| !l_done[*i]).collect(),
        added: (0..right.len()).filter(|j| !r_done[*j]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str, id: &str) -> SpecEndpoint {
        SpecEndpoint {
            method: method.into(),
            path: path.into(),
            operation_id: Some(id.into()),
            response: None,
            scopes: Vec::new(),
            deprecated: false,
            former_paths: Vec::new(),
            params: Vec::new(),
        }
    }

    #[test]
    fn renames_are_pairs_not_removals_and_additions() {
        let old = [
            op(
                "POST",
                "/boards/{id}/markedAsViewed",
                "post-boards-id-markedasviewed",
            ),
            op("PUT", "/members/{id}/notificationsChannelSettings", "put-x"),
            op(
                "PUT",
                "/members/{id}/notificationsChannelSettings/{channel}/{blockedKeys}",
                "put-x-3",
            ),
            op("GET", "/boards/{id}", "get-boards-id"),
            op("GET", "/gone", "get-gone"),
        ];
        let new = [
            op("GET", "/boards/{id}", "get-boards-id"),
            op(
                "POST",
                "/boards/{id}/markAsViewed",
                "post-boards-id-markedasviewed",
            ),
            op("PUT", "/members/{id}/notificationChannelSettings", "put-y"),
            // The old de-duplicated id `put-x` now names this route: a
            // different number of segments, so no false rename.
            op(
                "PUT",
                "/members/{id}/notificationChannelSettings/{channel}/{blockedKeys}",
                "put-x",
            ),
            op("POST", "/boards/{id}/exports", "post-boards-id-exports"),
        ];
        let p = pair(&old, &new);
        assert_eq!(
            p.pairs,
            [
                (0, 1, How::Renamed),
                (1, 2, How::RenamedAndIdChanged),
                (2, 3, How::RenamedAndIdChanged),
                (3, 0, How::Same),
            ]
        );
        assert_eq!(p.removed, [4]);
        assert_eq!(p.added, [4]);
    }
}
