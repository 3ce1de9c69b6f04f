//! Step 1: read the attribute's arguments and the struct, without judging
//! whether they fit together (that is `validate`'s job).

use proc_macro2::{Span, TokenStream};
use syn::{
    Attribute, Data, DeriveInput, Fields, Generics, Ident, LitStr, Path, Token, Type, Visibility,
    ext::IdentExt,
    parse::{Parse, ParseStream},
    spanned::Spanned,
};

/// The arguments of `#[endpoint(METHOD "/path", response = Type, scopes = [..], crate = path)]`.
pub(crate) struct Args {
    /// The HTTP method as written (checked by `validate`).
    pub method: Ident,
    /// The path template as written (checked by `validate`).
    pub path: LitStr,
    /// `response = Type`.
    pub response: Option<Type>,
    /// `crate = path`: the crate whose `__private` module the expansion uses.
    pub krate: Option<Path>,
    /// `scopes = ["read:board:trello", …]`: the OAuth 2.0 scopes required
    /// (checked by `validate`).
    pub scopes: Option<(Ident, Vec<LitStr>)>,
}

const USAGE: &str = "expected `#[endpoint(METHOD \"/path/{placeholder}\", response = Type)]`, \
                     e.g. `#[endpoint(GET \"/boards/{id}\", response = Board)]`";

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(syn::Error::new(Span::call_site(), USAGE));
        }
        let method = input
            .call(Ident::parse_any)
            .map_err(|err| syn::Error::new(err.span(), USAGE))?;
        let path: LitStr = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected the path template as a string literal after the method, \
                 e.g. `GET \"/boards/{id}\"`",
            )
        })?;
        let mut response = None;
        let mut krate = None;
        let mut scopes = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key = input.call(Ident::parse_any)?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "response" => {
                    let ty: Type = input.parse()?;
                    if response.replace(ty).is_some() {
                        return Err(syn::Error::new(key.span(), "`response` is given twice"));
                    }
                }
                "crate" => {
                    let path = input.call(Path::parse_mod_style)?;
                    if krate.replace(path).is_some() {
                        return Err(syn::Error::new(key.span(), "`crate` is given twice"));
                    }
                }
                "scopes" => {
                    let content;
                    syn::bracketed!(content in input);
                    let list = content
                        .parse_terminated(|input| input.parse::<LitStr>(), Token![,])
                        .map_err(|err| {
                            syn::Error::new(
                                err.span(),
                                "expected a list of scope strings, e.g. \
                                 `scopes = [\"read:board:trello\"]`",
                            )
                        })?;
                    if scopes
                        .replace((key.clone(), list.into_iter().collect()))
                        .is_some()
                    {
                        return Err(syn::Error::new(key.span(), "`scopes` is given twice"));
                    }
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{other}`; expected `response`, `scopes` or `crate`"
                        ),
                    ));
                }
            }
        }
        Ok(Self {
            method,
            path,
            response,
            krate,
            scopes,
        })
    }
}

/// The request struct.
pub(crate) struct Input {
    /// Its attributes (docs, derives, …), kept as written.
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub ident: Ident,
    pub generics: Generics,
    pub fields: Vec<Field>,
}

/// Where a parameter travels, as marked on its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Body,
}

impl Location {
    pub(crate) fn attr_name(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Body => "body",
        }
    }

    fn from_attr(attr: &Attribute) -> Option<Self> {
        let path = attr.path();
        if path.is_ident("path") {
            Some(Self::Path)
        } else if path.is_ident("query") {
            Some(Self::Query)
        } else if path.is_ident("body") {
            Some(Self::Body)
        } else {
            None
        }
    }
}

/// One `#[path]`, `#[query]` or `#[body]` attribute on a field.
pub(crate) struct Marker {
    pub location: Location,
    /// The span of the attribute's name, where errors about it point.
    pub span: Span,
    /// `name = "wireName"`.
    pub name: Option<LitStr>,
}

/// One field of the request struct.
pub(crate) struct Field {
    /// Its attributes other than the location markers.
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub ident: Ident,
    pub ty: Type,
    pub markers: Vec<Marker>,
}

impl Input {
    /// Parses the struct. Errors in the markers' arguments are collected in
    /// `errors` so that the rest can still be checked.
    pub(crate) fn parse(item: TokenStream, errors: &mut Errors) -> syn::Result<Self> {
        let input: DeriveInput = syn::parse2(item)?;
        let named = match input.data {
            Data::Struct(data) => match data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(_) | Fields::Unit => {
                    return Err(syn::Error::new(
                        input.ident.span(),
                        "#[endpoint] needs a struct with named fields, one per parameter \
                         (`struct GetBoard { #[path] id: String }`)",
                    ));
                }
            },
            Data::Enum(data) => {
                return Err(syn::Error::new(
                    data.enum_token.span,
                    "#[endpoint] goes on a struct, not an enum",
                ));
            }
            Data::Union(data) => {
                return Err(syn::Error::new(
                    data.union_token.span,
                    "#[endpoint] goes on a struct, not a union",
                ));
            }
        };
        let mut fields = Vec::with_capacity(named.named.len());
        for field in named.named {
            let Some(ident) = field.ident else {
                continue; // named fields always have one
            };
            let mut attrs = Vec::new();
            let mut markers = Vec::new();
            for attr in field.attrs {
                match Location::from_attr(&attr) {
                    Some(location) => match parse_marker(&attr, location) {
                        Ok(marker) => markers.push(marker),
                        Err(err) => errors.push(err),
                    },
                    None => attrs.push(attr),
                }
            }
            fields.push(Field {
                attrs,
                vis: field.vis,
                ident,
                ty: field.ty,
                markers,
            });
        }
        Ok(Self {
            attrs: input.attrs,
            vis: input.vis,
            ident: input.ident,
            generics: input.generics,
            fields,
        })
    }
}

fn parse_marker(attr: &Attribute, location: Location) -> syn::Result<Marker> {
    let span = attr.path().span();
    let mut name = None;
    match &attr.meta {
        syn::Meta::Path(_) => {}
        syn::Meta::List(_) => {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    let lit: LitStr = meta.value()?.parse()?;
                    if name.replace(lit).is_some() {
                        return Err(meta.error("`name` is given twice"));
                    }
                    Ok(())
                } else {
                    Err(meta.error(format!(
                        "unknown argument of #[{}]; the only one is `name = \"wireName\"`",
                        location.attr_name()
                    )))
                }
            })?;
        }
        syn::Meta::NameValue(nv) => {
            return Err(syn::Error::new(
                nv.eq_token.span,
                format!(
                    "write #[{0}] or #[{0}(name = \"wireName\")]",
                    location.attr_name()
                ),
            ));
        }
    }
    Ok(Marker {
        location,
        span,
        name,
    })
}

/// Errors collected along the pipeline, reported together.
#[derive(Default)]
pub(crate) struct Errors {
    all: Option<syn::Error>,
}

impl Errors {
    pub(crate) fn push(&mut self, err: syn::Error) {
        match &mut self.all {
            Some(all) => all.combine(err),
            None => self.all = Some(err),
        }
    }

    pub(crate) fn at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    /// `Err` with everything collected, if anything was.
    pub(crate) fn finish(self) -> syn::Result<()> {
        self.all.map_or(Ok(()), Err)
    }
}
