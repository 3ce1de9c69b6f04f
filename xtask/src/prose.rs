//! Facts the docs give only in prose: allowed values ("One of: `a`, `b`",
//! "Valid values: a, b", "Either a or b", a sentence made only of backticked
//! values, "`all` or a comma-separated list of: …") and list-ness
//! ("comma-separated list").
//!
//! Extraction is deliberately conservative: a sentence yields values only if
//! every item in it looks like a wire value (no spaces, no links); anything
//! else ("a label color", "[fields](…)") rejects the whole sentence rather
//! than guessing.

/// What a description's prose says about allowed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProseValues {
    /// The wire values, in the prose's order, without duplicates.
    pub values: Vec<String>,
    /// Whether the prose also allows a number ("or a positive float").
    pub number: bool,
    /// The phrase that introduced the list (for the header's audit trail).
    pub trigger: &'static str,
    /// Whether the sentence offers something else first ("The id of a custom
    /// background or one of: …"): `Some(true)` when that is an id,
    /// `Some(false)` for other free text.
    pub or_other: Option<bool>,
}

/// Phrases that introduce an enumeration, most specific first.
const TRIGGERS: [&str; 7] = [
    "valid values are one of:",
    "valid values are one of",
    "valid values:",
    "valid values are",
    "one of:",
    "one of",
    "either",
];

/// Spellings of "comma-separated list of" (the docs misspell it once).
const LIST_PHRASES: [&str; 3] = [
    "comma-separated list",
    "comma-seperated list",
    "comma separated list",
];

/// Whether the description says the value is a comma-separated list.
pub fn says_list(desc: &str) -> bool {
    let lower = desc.to_lowercase();
    LIST_PHRASES.iter().any(|p| lower.contains(p))
}

/// Whether the description starts with "`all` or …" (so `all` is allowed
/// beside the listed values).
pub fn starts_with_all_or(desc: &str) -> bool {
    let lower = desc.trim_start().to_lowercase();
    lower.starts_with("`all` or ") || lower.starts_with("all or ")
}

/// Extracts allowed values from the first sentence of `desc` that is a clean
/// enumeration, if any.
pub fn extract_values(desc: &str) -> Option<ProseValues> {
    let flat = strip_parentheticals(&desc.replace(['\n', '\r'], " "));
    for sentence in sentences(&flat) {
        if let Some(found) = sentence_values(sentence) {
            return Some(found);
        }
    }
    None
}

/// Removes `( … )` groups (notes, link targets).
fn strip_parentheticals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Splits on ". " (a value such as `a.b` has no space after its dot).
fn sentences(s: &str) -> Vec<&str> {
    s.split(". ")
        .map(|x| x.trim().trim_end_matches('.'))
        .filter(|x| !x.is_empty())
        .collect()
}

fn sentence_values(sentence: &str) -> Option<ProseValues> {
    let lower = sentence.to_lowercase();
    let mut or_other = None;
    let (candidate, trigger, need_backticks) = if let Some((pos, t)) = TRIGGERS
        .iter()
        .find_map(|t| find_word(&lower, t).map(|p| (p, *t)))
    {
        let before = lower[..pos].trim_end();
        if before.ends_with(" or") {
            or_other = Some(before.contains("id of"));
        }
        (&sentence[pos + t.len()..], t, false)
    } else if let Some(pos) = LIST_PHRASES.iter().find_map(|p| lower.find(p)) {
        // "all or a comma-separated list of: a, b": the whole sentence.
        let _ = pos;
        (sentence, "comma-separated list of", false)
    } else {
        (sentence, "backticked values", true)
    };
    let candidate = replace_list_phrases(candidate);
    let mut values: Vec<String> = Vec::new();
    let mut number = false;
    for piece in candidate.split(',') {
        for token in split_words(piece, &[" or ", " and "]) {
            let token = token.trim();
            let token = token
                .strip_prefix("or ")
                .or_else(|| token.strip_prefix("and "))
                .unwrap_or(token)
                .trim()
                .trim_end_matches(['.', ':'])
                .trim();
            if token.is_empty() || token == "or" || token == "and" {
                continue;
            }
            let lowered = token.to_lowercase();
            if matches!(
                lowered.as_str(),
                "a positive number" | "a positive float" | "positive number" | "positive float"
            ) {
                number = true;
                continue;
            }
            let ticked = token.len() >= 2 && token.starts_with('`') && token.ends_with('`');
            if need_backticks && !ticked {
                return None;
            }
            let inner = token.trim_matches('`');
            for v in inner.split(',') {
                let v = v.trim();
                if !is_wire_value(v) {
                    return None;
                }
                if !values.iter().any(|x| x == v) {
                    values.push(v.to_owned());
                }
            }
        }
    }
    (values.len() >= 2).then_some(ProseValues {
        values,
        number,
        trigger,
        or_other,
    })
}

/// Finds `needle` in `hay` at a word start.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let ok = at == 0 || !hay[..at].ends_with(|c: char| c.is_alphanumeric());
        if ok {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// Replaces "a comma-separated list of:" (any spelling) with a comma.
fn replace_list_phrases(s: &str) -> String {
    let mut out = s.to_owned();
    for phrase in LIST_PHRASES {
        for prefix in ["a ", ""] {
            for suffix in [" of:", " of"] {
                let full = format!("{prefix}{phrase}{suffix}");
                loop {
                    let lower = out.to_lowercase();
                    let Some(i) = lower.find(&full) else { break };
                    out.replace_range(i..i + full.len(), ",");
                }
            }
        }
    }
    out
}

fn split_words<'a>(s: &'a str, seps: &[&str]) -> Vec<&'a str> {
    let mut parts = vec![s];
    for sep in seps {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

/// A token that can be sent as-is: letters, digits, `_ - : . /`.
fn is_wire_value(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(desc: &str) -> Option<Vec<String>> {
        extract_values(desc).map(|p| p.values)
    }

    #[test]
    fn one_of_with_backticks() {
        assert_eq!(
            vals("One of: `admins`, `all`, `none`, `normal`").unwrap(),
            ["admins", "all", "none", "normal"]
        );
    }

    #[test]
    fn valid_values_plain_then_prose() {
        assert_eq!(
            vals("Valid values: admin, normal, observer. Determines what type.").unwrap(),
            ["admin", "normal", "observer"]
        );
    }

    #[test]
    fn all_or_list_of_backticked() {
        let p = extract_values("`all` or a comma-separated list of: `brightness`, `fullSizeUrl`")
            .unwrap();
        assert_eq!(p.values, ["all", "brightness", "fullSizeUrl"]);
    }

    #[test]
    fn position_with_number() {
        let p = extract_values("Valid values: `top`, `bottom`, or a positive number.").unwrap();
        assert_eq!(p.values, ["top", "bottom"]);
        assert!(p.number);
    }

    #[test]
    fn rejects_links_and_phrases() {
        assert_eq!(
            vals("`all` or a comma-separated list of member [fields](/x/)"),
            None
        );
        assert_eq!(vals("Valid values are a label color or `null`."), None);
        assert_eq!(
            vals("A URL starting with `http://`, `https://`, or `null`"),
            None
        );
        assert_eq!(vals("Comma-separated list of member IDs"), None);
    }

    #[test]
    fn something_else_or_one_of() {
        let p = extract_values("The id of a custom background or one of: blue, orange").unwrap();
        assert_eq!(p.values, ["blue", "orange"]);
        assert_eq!(p.or_other, Some(true));
    }

    #[test]
    fn either_and_lists() {
        assert_eq!(
            vals("The format. Either list or count.").unwrap(),
            ["list", "count"]
        );
        assert!(says_list("A comma-seperated list of IDs"));
        assert!(starts_with_all_or(
            "`all` or a comma-separated list of fields"
        ));
    }
}
