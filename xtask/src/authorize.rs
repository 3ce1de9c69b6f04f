//! The authorize-URL builder's parameters against the `/1/authorize` table
//! of `specs/auth.toml`.

use trello_core::ParamMeta;

use crate::{
    check::{Mismatch, compare_params},
    registry::RegParam,
    spec::AuthorizeTable,
};

/// The label findings carry.
pub const ROUTE: &str = "authorize URL builder (GET https://trello.com/1/authorize)";

/// Compares the builder's declared parameters with the authorize table, with
/// the same rules as endpoint parameters. Returns the findings and the number
/// of parameters compared.
pub fn check_authorize_params(
    params: &[ParamMeta],
    table: &AuthorizeTable,
) -> (Vec<Mismatch>, usize) {
    let code: Vec<RegParam> = params.iter().map(RegParam::from).collect();
    let mut found = Vec::new();
    let checked = compare_params(ROUTE, "GET", &code, &table.params, &mut found);
    (found, checked)
}
