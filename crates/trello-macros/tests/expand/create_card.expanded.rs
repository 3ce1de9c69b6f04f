/// Creates a card.
///
/// Endpoint `POST /cards`.
///
/// Build it with [`CreateCard::new`] and the setters of its optional parameters, then send it with `client.send(request)`, or bind it with [`CreateCard::bind`] and `.await` it.
#[must_use = "a request does nothing until it is sent: await it once bound, or pass it to `client.send`"]
pub struct CreateCard<C = ::trello_core::__private::Unbound> {
    /// The list to add the card to.
    id_list: String,
    name: Option<String>,
    /// Members to assign.
    id_members: Option<Vec<String>>,
    __client: C,
}
#[allow(dead_code)]
impl CreateCard<::trello_core::__private::Unbound> {
    /// A `POST /cards` request, from its required parameters:
    ///
    /// - `id_list` (body parameter `idList`): The list to add the card to.
    pub fn new(id_list: impl ::core::convert::Into<String>) -> Self {
        Self {
            id_list: ::core::convert::Into::into(id_list),
            name: ::core::option::Option::None,
            id_members: ::core::option::Option::None,
            __client: ::trello_core::__private::Unbound,
        }
    }
    /// Binds the request to `client`, so that awaiting it (or calling
    /// `send`) sends it.
    pub fn bind(
        self,
        client: &::trello_core::__private::Client,
    ) -> CreateCard<::trello_core::__private::Bound<'_>> {
        CreateCard {
            id_list: self.id_list,
            name: self.name,
            id_members: self.id_members,
            __client: ::trello_core::__private::Bound::new(client),
        }
    }
}
#[allow(dead_code)]
impl<C> CreateCard<C> {
    /// Sets the optional body parameter `name`.
    pub fn name(mut self, name: impl ::core::convert::Into<String>) -> Self {
        self.name = ::core::option::Option::Some(::core::convert::Into::into(name));
        self
    }
    /// Members to assign.
    ///
    /// Sets the optional body parameter `idMembers`.
    pub fn id_members(
        mut self,
        id_members: impl ::core::iter::IntoIterator<
            Item = impl ::core::convert::Into<String>,
        >,
    ) -> Self {
        self.id_members = ::core::option::Option::Some(
            ::core::iter::Iterator::collect(
                ::core::iter::Iterator::map(
                    ::core::iter::IntoIterator::into_iter(id_members),
                    ::core::convert::Into::into,
                ),
            ),
        );
        self
    }
}
#[allow(dead_code)]
impl<'c> CreateCard<::trello_core::__private::Bound<'c>> {
    /// Sends the request with the client it is bound to and decodes
    /// the answer.
    pub async fn send(
        self,
    ) -> ::core::result::Result<Card, ::trello_core::__private::Error> {
        let client = self.__client.client();
        client.send(self).await
    }
}
impl<'c> ::core::future::IntoFuture for CreateCard<::trello_core::__private::Bound<'c>> {
    type Output = ::core::result::Result<Card, ::trello_core::__private::Error>;
    type IntoFuture = ::core::pin::Pin<
        ::std::boxed::Box<
            dyn ::core::future::Future<Output = Self::Output> + ::core::marker::Send + 'c,
        >,
    >;
    fn into_future(self) -> Self::IntoFuture {
        ::std::boxed::Box::pin(self.send())
    }
}
impl<C: ::core::marker::Send + ::core::marker::Sync> ::trello_core::__private::Endpoint
for CreateCard<C> {
    type Response = Card;
    const META: &'static ::trello_core::__private::EndpointMeta = &::trello_core::__private::EndpointMeta {
        name: "CreateCard",
        module: ::core::module_path!(),
        method: ::trello_core::__private::Method::Post,
        path: "/cards",
        params: &[
            ::trello_core::__private::ParamMeta {
                name: "idList",
                field: "id_list",
                location: ::trello_core::__private::ParamLocation::Body,
                kind: <String as ::trello_core::__private::ParamValue>::KIND,
                list: <String as ::trello_core::__private::ParamValue>::IS_LIST,
                required: true,
                allowed: <String as ::trello_core::__private::ParamValue>::ALLOWED,
            },
            ::trello_core::__private::ParamMeta {
                name: "name",
                field: "name",
                location: ::trello_core::__private::ParamLocation::Body,
                kind: <String as ::trello_core::__private::ParamValue>::KIND,
                list: <String as ::trello_core::__private::ParamValue>::IS_LIST,
                required: false,
                allowed: <String as ::trello_core::__private::ParamValue>::ALLOWED,
            },
            ::trello_core::__private::ParamMeta {
                name: "idMembers",
                field: "id_members",
                location: ::trello_core::__private::ParamLocation::Body,
                kind: <Vec<String> as ::trello_core::__private::ParamValue>::KIND,
                list: <Vec<String> as ::trello_core::__private::ParamValue>::IS_LIST,
                required: false,
                allowed: <Vec<String> as ::trello_core::__private::ParamValue>::ALLOWED,
            },
        ],
        scopes: &[],
        deprecated: false,
    };
    fn to_parts(
        &self,
    ) -> ::core::result::Result<
        ::trello_core::__private::RequestParts,
        ::trello_core::__private::Error,
    > {
        <String as ::trello_core::__private::ParamValue>::check(
            &self.id_list,
            "idList",
        )?;
        if let ::core::option::Option::Some(value) = &self.name {
            <String as ::trello_core::__private::ParamValue>::check(value, "name")?;
        }
        if let ::core::option::Option::Some(value) = &self.id_members {
            <Vec<
                String,
            > as ::trello_core::__private::ParamValue>::check(value, "idMembers")?;
        }
        let path = ::std::string::String::from("/cards");
        let mut body = ::trello_core::__private::BodyBuilder::new();
        body.add("idList", &self.id_list);
        if let ::core::option::Option::Some(value) = &self.name {
            body.add("name", value);
        }
        if let ::core::option::Option::Some(value) = &self.id_members {
            body.add("idMembers", value);
        }
        ::core::result::Result::Ok(::trello_core::__private::RequestParts {
            path,
            query: ::std::vec::Vec::new(),
            body: body.finish(),
        })
    }
}
#[::trello_core::__private::linkme::distributed_slice(
    ::trello_core::__private::ENDPOINTS
)]
#[linkme(crate = ::trello_core::__private::linkme)]
#[doc(hidden)]
static __TRELLO_ENDPOINT_CREATE_CARD: &::trello_core::__private::EndpointMeta = <CreateCard as ::trello_core::__private::Endpoint>::META;
