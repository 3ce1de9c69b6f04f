//! Step 3: write the code: the struct with its hidden client parameter, the
//! constructor and setters, `bind`/`send`/`IntoFuture`, the `Endpoint` impl
//! with its `'static` metadata, and the registration.
//!
//! [`endpoint`] is an ordinary function of token streams, so the expansion
//! can be tested (and snapshotted) without a compiler.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, spanned::Spanned};

use crate::{
    parse::{Args, Errors, Input, Location},
    validate::{Model, Param, validate},
};

/// The whole pipeline: parse → validate → expand. On error, the errors as
/// `compile_error!`s plus the struct as written (without the macro's helper
/// attributes), so that uses of the type raise no follow-on errors.
pub(crate) fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = syn::parse2::<Args>(args)
        .map_err(|err| errors.push(err))
        .ok();
    let input = match Input::parse(item.clone(), &mut errors) {
        Ok(input) => input,
        Err(err) => {
            errors.push(err);
            return fallback(errors, item);
        }
    };
    let Some(args) = args else {
        return fallback(errors, strip(&input));
    };
    let stripped = strip(&input);
    let model = validate(args, input, &mut errors);
    match (errors.finish(), model) {
        (Ok(()), Some(model)) => expand(&model),
        (Err(err), _) => with_errors(err, stripped),
        (Ok(()), None) => with_errors(
            syn::Error::new(
                Span::call_site(),
                "#[endpoint] could not read this declaration",
            ),
            stripped,
        ),
    }
}

fn fallback(errors: Errors, item: TokenStream) -> TokenStream {
    match errors.finish() {
        Err(err) => with_errors(err, item),
        Ok(()) => item,
    }
}

fn with_errors(err: syn::Error, item: TokenStream) -> TokenStream {
    let errors = err.to_compile_error();
    quote! {
        #errors
        #item
    }
}

/// The struct as written, minus the `#[path]`/`#[query]`/`#[body]` markers.
fn strip(input: &Input) -> TokenStream {
    let Input {
        attrs,
        vis,
        ident,
        generics,
        fields,
    } = input;
    let fields = fields.iter().map(|f| {
        let (attrs, vis, ident, ty) = (&f.attrs, &f.vis, &f.ident, &f.ty);
        quote! { #(#attrs)* #vis #ident: #ty }
    });
    let where_clause = &generics.where_clause;
    quote! {
        #(#attrs)*
        #vis struct #ident #generics #where_clause { #(#fields),* }
    }
}

/// Turns doc lines into `#[doc = …]` attributes.
fn docs<'a>(lines: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let lines = lines.into_iter();
    quote! { #(#[doc = #lines])* }
}

/// The first paragraph of a doc comment, on one line.
fn summary(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Body => "body",
    }
}

/// Writes the code for a checked declaration.
pub(crate) fn expand(model: &Model) -> TokenStream {
    let Model {
        krate,
        method,
        path,
        response,
        attrs,
        vis,
        ident,
        params,
        deprecated,
        ..
    } = model;
    let p = quote! { #krate::__private };
    // A deprecated request struct must not make its own generated impls warn
    // in the user's build: they all allow the lint.
    let allow_deprecated = if *deprecated {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    };
    let route = format!("{} {}", method.as_str(), path);
    let name = ident.to_string();

    // The struct.
    let must_use = if attrs.iter().any(|a| a.path().is_ident("must_use")) {
        quote! {}
    } else {
        quote! { #[must_use = "a request does nothing until it is sent: await it once bound, or pass it to `client.send`"] }
    };
    let usage = docs([
        "",
        &format!(" Endpoint `{route}`."),
        "",
        &format!(
            " Build it with [`{name}::new`] and the setters of its optional parameters, then send \
             it with `client.send(request)`, or bind it with [`{name}::bind`] and `.await` it."
        ),
    ]
    .iter()
    .copied());
    let fields = params.iter().map(|param| {
        let (attrs, vis, ident, ty) = (&param.attrs, &param.vis, &param.ident, &param.ty);
        quote! { #(#attrs)* #vis #ident: #ty, }
    });
    let (doc_attrs, other_attrs): (Vec<_>, Vec<_>) =
        attrs.iter().partition(|a| a.path().is_ident("doc"));
    let item = quote! {
        #(#doc_attrs)*
        #usage
        #(#other_attrs)*
        #must_use
        #vis struct #ident<C = #p::Unbound> {
            #(#fields)*
            __client: C,
        }
    };

    // The constructor.
    let required: Vec<&Param> = params.iter().filter(|p| !p.optional).collect();
    let new_args = required.iter().map(|param| {
        let ident = &param.ident;
        let ty = into_ty(param);
        quote! { #ident: #ty }
    });
    let inits = params.iter().map(|param| {
        let ident = &param.ident;
        if param.optional {
            quote! { #ident: ::core::option::Option::None }
        } else {
            let value = convert(param, quote! { #ident });
            quote! { #ident: #value }
        }
    });
    let mut new_doc = vec![format!(" A `{route}` request")];
    if required.is_empty() {
        new_doc[0].push('.');
    } else {
        new_doc[0].push_str(", from its required parameters:");
        new_doc.push(String::new());
        for param in &required {
            let summary = summary(&param.docs());
            let what = format!(
                "{} parameter `{}`",
                location_word(param.location),
                param.wire
            );
            new_doc.push(if summary.is_empty() {
                format!(" - `{}`: the {what}.", param.field_name)
            } else {
                format!(" - `{}` ({what}): {summary}", param.field_name)
            });
        }
    }
    let new_doc = docs(new_doc.iter().map(String::as_str));

    // `bind`.
    let moves = params.iter().map(|param| {
        let ident = &param.ident;
        quote! { #ident: self.#ident }
    });
    let bind = quote! {
        /// Binds the request to `client`, so that awaiting it (or calling
        /// `send`) sends it.
        #vis fn bind(self, client: &#p::Client) -> #ident<#p::Bound<'_>> {
            #ident {
                #(#moves,)*
                __client: #p::Bound::new(client),
            }
        }
    };

    // Setters.
    let setters = params.iter().filter(|p| p.optional).map(|param| {
        let ident = &param.ident;
        let ty = into_ty(param);
        let value = convert(param, quote! { #ident });
        let mut lines = param.docs();
        let what = format!(
            "Sets the optional {} parameter `{}`.",
            location_word(param.location),
            param.wire
        );
        if lines.is_empty() {
            lines.push(format!(" {what}"));
        } else {
            lines.push(String::new());
            lines.push(format!(" {what}"));
        }
        let doc = docs(lines.iter().map(String::as_str));
        quote! {
            #doc
            #vis fn #ident(mut self, #ident: #ty) -> Self {
                self.#ident = ::core::option::Option::Some(#value);
                self
            }
        }
    });

    let endpoint_impl = endpoint_impl(model, &p);
    let meta_static = format_ident!("__TRELLO_ENDPOINT_{}", screaming(&name));

    quote! {
        #item

        #allow_deprecated
        #[allow(dead_code)]
        impl #ident<#p::Unbound> {
            #new_doc
            #vis fn new(#(#new_args),*) -> Self {
                Self {
                    #(#inits,)*
                    __client: #p::Unbound,
                }
            }

            #bind
        }

        #allow_deprecated
        #[allow(dead_code)]
        impl<C> #ident<C> {
            #(#setters)*
        }

        #allow_deprecated
        #[allow(dead_code)]
        impl<'c> #ident<#p::Bound<'c>> {
            /// Sends the request with the client it is bound to and decodes
            /// the answer.
            #vis async fn send(self) -> ::core::result::Result<#response, #p::Error> {
                let client = self.__client.client();
                client.send(self).await
            }
        }

        #allow_deprecated
        impl<'c> ::core::future::IntoFuture for #ident<#p::Bound<'c>> {
            type Output = ::core::result::Result<#response, #p::Error>;
            type IntoFuture = ::core::pin::Pin<
                ::std::boxed::Box<dyn ::core::future::Future<Output = Self::Output> + ::core::marker::Send + 'c>,
            >;
            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        #allow_deprecated
        #endpoint_impl

        #allow_deprecated
        #[#p::linkme::distributed_slice(#p::ENDPOINTS)]
        #[linkme(crate = #p::linkme)]
        #[doc(hidden)]
        static #meta_static: &#p::EndpointMeta = <#ident as #p::Endpoint>::META;
    }
}

/// The `Endpoint` impl: metadata and `to_parts`.
fn endpoint_impl(model: &Model, p: &TokenStream) -> TokenStream {
    let Model {
        method,
        path,
        response,
        ident,
        params,
        scopes,
        deprecated,
        ..
    } = model;
    let name = ident.to_string();
    let method = Ident::new(method.variant(), Span::call_site());
    let scopes = scopes.iter();

    let metas = params.iter().map(|param| {
        let wire = &param.wire;
        let field = &param.field_name;
        let location = Ident::new(
            match param.location {
                Location::Path => "Path",
                Location::Query => "Query",
                Location::Body => "Body",
            },
            Span::call_site(),
        );
        let as_value = as_value(param, p);
        let required = !param.optional;
        quote! {
            #p::ParamMeta {
                name: #wire,
                field: #field,
                location: #p::ParamLocation::#location,
                kind: #as_value::KIND,
                list: #as_value::IS_LIST,
                required: #required,
                allowed: #as_value::ALLOWED,
            }
        }
    });

    // Checks, in declaration order, before anything is built.
    let checks = params.iter().map(|param| {
        let ident = &param.ident;
        let wire = &param.wire;
        let as_value = as_value(param, p);
        if param.optional {
            quote! {
                if let ::core::option::Option::Some(value) = &self.#ident {
                    #as_value::check(value, #wire)?;
                }
            }
        } else {
            quote! { #as_value::check(&self.#ident, #wire)?; }
        }
    });

    let path_params: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Path)
        .collect();
    let path_expr = if path_params.is_empty() {
        quote! { ::std::string::String::from(#path) }
    } else {
        // The template is split here, at compile time (validation made
        // sure every placeholder has its #[path] field): the generated code
        // appends its literal pieces and each encoded value to one string.
        let mut pushes = Vec::new();
        let mut literal_len = 0usize;
        let mut rest = path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let literal = &rest[..open];
            if !literal.is_empty() {
                literal_len += literal.len();
                pushes.push(quote! { path.push_str(#literal); });
            }
            let name = &rest[open + 1..close];
            if let Some(param) = path_params.iter().find(|p| p.wire == name) {
                let ident = &param.ident;
                let wire = &param.wire;
                let as_value = as_value(param, p);
                pushes.push(
                    quote! { #as_value::push_path_segment(&self.#ident, #wire, &mut path)?; },
                );
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            literal_len += rest.len();
            pushes.push(quote! { path.push_str(#rest); });
        }
        // Room for Trello's 24-character ids.
        let capacity = literal_len + 24 * path_params.len();
        quote! {
            {
                let mut path = ::std::string::String::with_capacity(#capacity);
                #(#pushes)*
                path
            }
        }
    };

    let query_params: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Query)
        .collect();
    let (query_init, query_expr) = if query_params.is_empty() {
        (quote! {}, quote! { query: ::std::vec::Vec::new() })
    } else {
        let count = query_params.len();
        let pushes = query_params.iter().map(|param| {
            let ident = &param.ident;
            let wire = &param.wire;
            let as_value = as_value(param, p);
            let push = |value: TokenStream| {
                quote! {
                    query.push((
                        ::std::borrow::Cow::Borrowed(#wire),
                        ::std::borrow::Cow::into_owned(#as_value::to_wire(#value)),
                    ));
                }
            };
            if param.optional {
                let push = push(quote! { value });
                quote! {
                    if let ::core::option::Option::Some(value) = &self.#ident {
                        #push
                    }
                }
            } else {
                push(quote! { &self.#ident })
            }
        });
        (
            quote! {
                let mut query = ::std::vec::Vec::with_capacity(#count);
                #(#pushes)*
            },
            quote! { query },
        )
    };

    let body_params: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Body)
        .collect();
    let (body_init, body_expr) = if body_params.is_empty() {
        (quote! {}, quote! { #p::RequestBody::Empty })
    } else {
        let inserts = body_params.iter().map(|param| {
            let ident = &param.ident;
            let wire = &param.wire;
            let insert = |value: TokenStream| {
                quote! {
                    body.add(#wire, #value);
                }
            };
            if param.optional {
                let insert = insert(quote! { value });
                quote! {
                    if let ::core::option::Option::Some(value) = &self.#ident {
                        #insert
                    }
                }
            } else {
                insert(quote! { &self.#ident })
            }
        });
        (
            quote! {
                let mut body = #p::BodyBuilder::new();
                #(#inserts)*
            },
            quote! { body.finish() },
        )
    };

    quote! {
        impl<C: ::core::marker::Send + ::core::marker::Sync> #p::Endpoint for #ident<C> {
            type Response = #response;

            const META: &'static #p::EndpointMeta = &#p::EndpointMeta {
                name: #name,
                module: ::core::module_path!(),
                method: #p::Method::#method,
                path: #path,
                params: &[#(#metas),*],
                scopes: &[#(#scopes),*],
                deprecated: #deprecated,
            };

            fn to_parts(&self) -> ::core::result::Result<#p::RequestParts, #p::Error> {
                #(#checks)*
                let path = #path_expr;
                #query_init
                #body_init
                ::core::result::Result::Ok(#p::RequestParts {
                    path,
                    #query_expr,
                    body: #body_expr,
                })
            }
        }
    }
}

/// `<T as ParamValue>` for the parameter's value type, spanned at the type
/// so that a type that is no parameter value is reported on the field, once.
fn as_value(param: &Param, p: &TokenStream) -> TokenStream {
    let ty = &param.value_ty;
    quote_spanned! {ty.span()=> <#ty as #p::ParamValue> }
}

/// The argument type of a constructor parameter or setter.
fn into_ty(param: &Param) -> TokenStream {
    match &param.item_ty {
        Some(item) => quote! {
            impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>
        },
        None => {
            let ty = &param.value_ty;
            quote! { impl ::core::convert::Into<#ty> }
        }
    }
}

/// Converts an argument of [`into_ty`]'s type to the value type.
fn convert(param: &Param, arg: TokenStream) -> TokenStream {
    match &param.item_ty {
        Some(_) => quote! {
            ::core::iter::Iterator::collect(
                ::core::iter::Iterator::map(
                    ::core::iter::IntoIterator::into_iter(#arg),
                    ::core::convert::Into::into,
                ),
            )
        },
        None => quote! { ::core::convert::Into::into(#arg) },
    }
}

/// `GetBoard` → `GET_BOARD`.
fn screaming(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch.is_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        out.extend(ch.to_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::doc_lines;

    #[test]
    fn screaming_case() {
        assert_eq!(screaming("GetBoard"), "GET_BOARD");
        assert_eq!(screaming("Get2Cards"), "GET2_CARDS");
        assert_eq!(screaming("X"), "X");
    }

    #[test]
    fn summary_takes_the_first_paragraph() {
        let lines = [
            " The id".to_owned(),
            " of it.".to_owned(),
            String::new(),
            " More".to_owned(),
        ];
        assert_eq!(summary(&lines), "The id of it.");
    }

    #[test]
    fn doc_lines_are_read() {
        let attrs: Vec<syn::Attribute> = syn::parse_quote! {
            /// one
            #[allow(dead_code)]
            /// two
        };
        assert_eq!(doc_lines(&attrs), [" one", " two"]);
    }
}
