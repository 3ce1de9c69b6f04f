//! Step 2: check the attribute and the struct against each other and build
//! the model the expansion writes code from.

use std::collections::HashMap;

use syn::{
    Attribute, GenericArgument, Ident, LitStr, Path, PathArguments, Type, Visibility,
    ext::IdentExt, spanned::Spanned,
};

use crate::parse::{Args, Errors, Input, Location};

/// The HTTP methods the macro accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "GET" => Some(Self::Get),
            "POST" => Some(Self::Post),
            "PUT" => Some(Self::Put),
            "DELETE" => Some(Self::Delete),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// The variant of `trello_core::Method`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Self::Get => "Get",
            Self::Post => "Post",
            Self::Put => "Put",
            Self::Delete => "Delete",
        }
    }

    fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put)
    }
}

/// A checked endpoint declaration.
pub(crate) struct Model {
    /// The crate whose `__private` module the generated code names.
    pub krate: Path,
    pub method: Method,
    pub path: String,
    pub response: Type,
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub ident: Ident,
    pub params: Vec<Param>,
    /// The OAuth 2.0 scopes the operation requires.
    pub scopes: Vec<String>,
    /// Whether the struct carries `#[deprecated]`.
    pub deprecated: bool,
}

/// A checked parameter.
pub(crate) struct Param {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub ident: Ident,
    /// The field's name without `r#`.
    pub field_name: String,
    /// The declared type.
    pub ty: Type,
    /// The value type: the declared type, or `T` of `Option<T>`.
    pub value_ty: Type,
    /// `U` when the value type is `Vec<U>` (so setters take any iterator).
    pub item_ty: Option<Type>,
    pub optional: bool,
    pub location: Location,
    pub wire: String,
}

impl Param {
    /// The field's doc comment lines.
    pub(crate) fn docs(&self) -> Vec<String> {
        doc_lines(&self.attrs)
    }
}

/// The lines of the `#[doc = "…"]` attributes in `attrs`.
pub(crate) fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Names a field may not have: they would clash with generated items.
const RESERVED: &[&str] = &["new", "bind", "send", "into_future", "to_parts", "__client"];

/// Checks everything, reporting every problem found rather than the first.
pub(crate) fn validate(args: Args, input: Input, errors: &mut Errors) -> Option<Model> {
    let method = Method::parse(&args.method.to_string());
    if method.is_none() {
        let name = args.method.to_string();
        let upper = name.to_ascii_uppercase();
        let message = if Method::parse(&upper).is_some() {
            format!("HTTP methods are written in upper case: `{upper}`")
        } else {
            format!("unknown HTTP method `{name}`; use GET, POST, PUT or DELETE")
        };
        errors.at(args.method.span(), message);
    }

    let template = args.path.value();
    let placeholders = check_template(&template, &args.path, errors);

    if args.response.is_none() {
        errors.at(
            args.path.span(),
            "missing `response = Type` after the path: the type a successful answer decodes \
             into (`trello::Ignored` to discard it, `serde_json::Value` to keep it raw)",
        );
    }

    let generics_span = input
        .generics
        .params
        .first()
        .map(Spanned::span)
        .or_else(|| input.generics.where_clause.as_ref().map(Spanned::span));
    if let Some(span) = generics_span {
        errors.at(
            span,
            "an #[endpoint] struct cannot have generic parameters; use concrete types \
             (the macro adds its own parameter for the bound client)",
        );
    }

    let mut params = Vec::with_capacity(input.fields.len());
    let mut wire_names: HashMap<String, String> = HashMap::new();
    for field in input.fields {
        let field_name = field.ident.unraw().to_string();
        if RESERVED.contains(&field_name.as_str()) {
            errors.at(
                field.ident.span(),
                format!(
                    "a field named `{field_name}` would clash with a generated method; rename \
                     it and keep Trello's name with #[query(name = \"{field_name}\")]"
                ),
            );
        }
        let mut markers = field.markers.into_iter();
        let Some(marker) = markers.next() else {
            errors.at(
                field.ident.span(),
                format!(
                    "field `{field_name}` has no location; mark it #[path], #[query] or #[body]"
                ),
            );
            continue;
        };
        for extra in markers {
            errors.at(
                extra.span,
                format!(
                    "field `{field_name}` is already a #[{}] parameter; a parameter has one \
                     location, so remove #[{}]",
                    marker.location.attr_name(),
                    extra.location.attr_name()
                ),
            );
        }
        let wire = marker
            .name
            .as_ref()
            .map_or_else(|| field_name.clone(), LitStr::value);
        let wire_span = marker
            .name
            .as_ref()
            .map_or_else(|| field.ident.span(), LitStr::span);
        if wire.is_empty() {
            errors.at(wire_span, "a parameter's wire name cannot be empty");
        }
        if let Some(other) = wire_names.get(&wire) {
            errors.at(
                wire_span,
                format!(
                    "wire name `{wire}` is already used by field `{other}`; each parameter needs \
                     its own name"
                ),
            );
        } else {
            wire_names.insert(wire.clone(), field_name.clone());
        }

        let option_inner = option_inner(&field.ty);
        let optional = option_inner.is_some();
        match marker.location {
            Location::Path => {
                if optional {
                    errors.at(
                        field.ty.span(),
                        format!(
                            "path parameter `{field_name}` cannot be optional: a path \
                             placeholder always needs a value; drop the `Option`"
                        ),
                    );
                }
                if !placeholders.contains(&wire) {
                    errors.at(
                        wire_span,
                        format!(
                            "#[path] field `{field_name}` has no `{{{wire}}}` placeholder in \
                             \"{template}\"; add one, or make it a #[query] or #[body] parameter"
                        ),
                    );
                }
            }
            Location::Body => {
                if let Some(method) = method.filter(|m| !m.has_body()) {
                    errors.at(
                        marker.span,
                        format!(
                            "{} requests have no body; make `{field_name}` a #[query] parameter",
                            method.as_str()
                        ),
                    );
                }
            }
            Location::Query => {}
        }

        let value_ty = option_inner.cloned().unwrap_or_else(|| field.ty.clone());
        let item_ty = generic_arg_of(&value_ty, "Vec").cloned();
        params.push(Param {
            attrs: field.attrs,
            vis: field.vis,
            ident: field.ident,
            field_name,
            ty: field.ty,
            value_ty,
            item_ty,
            optional,
            location: marker.location,
            wire,
        });
    }

    for placeholder in &placeholders {
        let served = params
            .iter()
            .any(|p| p.location == Location::Path && p.wire == *placeholder);
        let named = wire_names.contains_key(placeholder);
        if !served && !named {
            let snake = snake_case(placeholder);
            let example = if snake == *placeholder {
                format!("`#[path] {placeholder}: String`")
            } else {
                format!("`#[path(name = \"{placeholder}\")] {snake}: String`")
            };
            errors.at(
                args.path.span(),
                format!(
                    "placeholder `{{{placeholder}}}` has no #[path] field; add one, e.g. {example}"
                ),
            );
        } else if !served {
            errors.at(
                args.path.span(),
                format!(
                    "placeholder `{{{placeholder}}}` is filled by a parameter that is not \
                     marked #[path]"
                ),
            );
        }
    }

    let scopes = check_scopes(args.scopes.as_ref(), errors);
    let deprecated = input
        .attrs
        .iter()
        .any(|attr| attr.path().is_ident("deprecated"));
    let krate = args.krate.unwrap_or_else(|| syn::parse_quote!(::trello));
    Some(Model {
        krate,
        method: method?,
        path: template,
        response: args.response?,
        attrs: input.attrs,
        vis: input.vis,
        ident: input.ident,
        params,
        scopes,
        deprecated,
    })
}

/// Checks `scopes = [...]`: each one `action:resource:trello`-shaped (no
/// spaces, no empty part), none twice.
fn check_scopes(scopes: Option<&(Ident, Vec<LitStr>)>, errors: &mut Errors) -> Vec<String> {
    let Some((_, list)) = scopes else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for lit in list {
        let scope = lit.value();
        let well_formed = !scope.is_empty()
            && !scope.chars().any(char::is_whitespace)
            && scope.split(':').all(|part| !part.is_empty());
        if !well_formed {
            errors.at(
                lit.span(),
                format!(
                    "`{scope}` is not an OAuth 2.0 scope; write Trello's wire string, e.g. \
                     \"read:board:trello\" (no spaces, no empty `:` part)"
                ),
            );
        } else if out.contains(&scope) {
            errors.at(lit.span(), format!("scope `{scope}` is listed twice"));
        } else {
            out.push(scope);
        }
    }
    out
}

/// Checks the path template and returns its placeholders in order.
fn check_template(template: &str, lit: &LitStr, errors: &mut Errors) -> Vec<String> {
    let span = lit.span();
    let mut placeholders: Vec<String> = Vec::new();
    if !template.starts_with('/') {
        errors.at(
            span,
            format!(
                "path template \"{template}\" must start with `/`: it is relative to the API \
                 base, e.g. \"/boards/{{id}}\""
            ),
        );
    }
    if template.contains(['?', '#']) {
        errors.at(
            span,
            "path template cannot contain `?` or `#`; declare query parameters as #[query] fields",
        );
    }
    let mut rest = template;
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (None, None) => break,
            (None, Some(_)) => {
                errors.at(span, unbalanced(template, '}'));
                break;
            }
            (Some(o), Some(c)) if c < o => {
                errors.at(span, unbalanced(template, '}'));
                break;
            }
            (Some(_), None) => {
                errors.at(span, unbalanced(template, '{'));
                break;
            }
            (Some(o), Some(c)) => {
                let name = &rest[o + 1..c];
                if name.contains('{') {
                    errors.at(span, unbalanced(template, '{'));
                    break;
                }
                if name.is_empty() {
                    errors.at(
                        span,
                        format!(
                            "empty placeholder `{{}}` in \"{template}\"; name it after its #[path] \
                             field, e.g. `{{id}}`"
                        ),
                    );
                } else if !name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                {
                    errors.at(
                        span,
                        format!(
                            "placeholder `{{{name}}}` in \"{template}\" is not a name; use \
                             letters, digits and `_`"
                        ),
                    );
                } else if placeholders.iter().any(|p| p == name) {
                    errors.at(
                        span,
                        format!("placeholder `{{{name}}}` appears twice in \"{template}\""),
                    );
                } else {
                    placeholders.push(name.to_owned());
                }
                rest = &rest[c + 1..];
            }
        }
    }
    placeholders
}

fn unbalanced(template: &str, brace: char) -> String {
    if brace == '{' {
        format!("unbalanced braces in path template \"{template}\": a `{{` is not closed")
    } else {
        format!("unbalanced braces in path template \"{template}\": a `}}` has no `{{`")
    }
}

/// `T` when `ty` is `Option<T>` (also spelled `std::option::Option<T>`).
fn option_inner(ty: &Type) -> Option<&Type> {
    generic_arg_of(ty, "Option")
}

/// `T` when `ty` is `Name<T>` (by its last path segment).
fn generic_arg_of<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    if args.args.len() != 1 {
        return None;
    }
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// `idList` → `id_list`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}
