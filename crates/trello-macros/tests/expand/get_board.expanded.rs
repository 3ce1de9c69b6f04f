/// A board by id.
///
/// Endpoint `GET /boards/{id}`.
///
/// Build it with [`GetBoard::new`] and the setters of its optional parameters, then send it with `client.send(request)`, or bind it with [`GetBoard::bind`] and `.await` it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent: await it once bound, or pass it to `client.send`"]
pub struct GetBoard<C = ::trello::__private::Unbound> {
    /// The board's id.
    id: String,
    /// Which fields of the board to return.
    fields: Option<Vec<String>>,
    /// Include the cards' plugin data.
    card_plugin_data: Option<bool>,
    __client: C,
}
#[allow(dead_code)]
impl GetBoard<::trello::__private::Unbound> {
    /// A `GET /boards/{id}` request, from its required parameters:
    ///
    /// - `id` (path parameter `id`): The board's id.
    pub fn new(id: impl ::core::convert::Into<String>) -> Self {
        Self {
            id: ::core::convert::Into::into(id),
            fields: ::core::option::Option::None,
            card_plugin_data: ::core::option::Option::None,
            __client: ::trello::__private::Unbound,
        }
    }
    /// Binds the request to `client`, so that awaiting it (or calling
    /// `send`) sends it.
    pub fn bind(
        self,
        client: &::trello::__private::Client,
    ) -> GetBoard<::trello::__private::Bound<'_>> {
        GetBoard {
            id: self.id,
            fields: self.fields,
            card_plugin_data: self.card_plugin_data,
            __client: ::trello::__private::Bound::new(client),
        }
    }
}
#[allow(dead_code)]
impl<C> GetBoard<C> {
    /// Which fields of the board to return.
    ///
    /// Sets the optional query parameter `fields`.
    pub fn fields(
        mut self,
        fields: impl ::core::iter::IntoIterator<
            Item = impl ::core::convert::Into<String>,
        >,
    ) -> Self {
        self.fields = ::core::option::Option::Some(
            ::core::iter::Iterator::collect(
                ::core::iter::Iterator::map(
                    ::core::iter::IntoIterator::into_iter(fields),
                    ::core::convert::Into::into,
                ),
            ),
        );
        self
    }
    /// Include the cards' plugin data.
    ///
    /// Sets the optional query parameter `card_pluginData`.
    pub fn card_plugin_data(
        mut self,
        card_plugin_data: impl ::core::convert::Into<bool>,
    ) -> Self {
        self.card_plugin_data = ::core::option::Option::Some(
            ::core::convert::Into::into(card_plugin_data),
        );
        self
    }
}
#[allow(dead_code)]
impl<'c> GetBoard<::trello::__private::Bound<'c>> {
    /// Sends the request with the client it is bound to and decodes
    /// the answer.
    pub async fn send(
        self,
    ) -> ::core::result::Result<Board, ::trello::__private::Error> {
        let client = self.__client.client();
        client.send(self).await
    }
}
impl<'c> ::core::future::IntoFuture for GetBoard<::trello::__private::Bound<'c>> {
    type Output = ::core::result::Result<Board, ::trello::__private::Error>;
    type IntoFuture = ::core::pin::Pin<
        ::std::boxed::Box<
            dyn ::core::future::Future<Output = Self::Output> + ::core::marker::Send + 'c,
        >,
    >;
    fn into_future(self) -> Self::IntoFuture {
        ::std::boxed::Box::pin(self.send())
    }
}
impl<C: ::core::marker::Send + ::core::marker::Sync> ::trello::__private::Endpoint
for GetBoard<C> {
    type Response = Board;
    const META: &'static ::trello::__private::EndpointMeta = &::trello::__private::EndpointMeta {
        name: "GetBoard",
        module: ::core::module_path!(),
        method: ::trello::__private::Method::Get,
        path: "/boards/{id}",
        params: &[
            ::trello::__private::ParamMeta {
                name: "id",
                field: "id",
                location: ::trello::__private::ParamLocation::Path,
                kind: <String as ::trello::__private::ParamValue>::KIND,
                list: <String as ::trello::__private::ParamValue>::IS_LIST,
                required: true,
                allowed: <String as ::trello::__private::ParamValue>::ALLOWED,
            },
            ::trello::__private::ParamMeta {
                name: "fields",
                field: "fields",
                location: ::trello::__private::ParamLocation::Query,
                kind: <Vec<String> as ::trello::__private::ParamValue>::KIND,
                list: <Vec<String> as ::trello::__private::ParamValue>::IS_LIST,
                required: false,
                allowed: <Vec<String> as ::trello::__private::ParamValue>::ALLOWED,
            },
            ::trello::__private::ParamMeta {
                name: "card_pluginData",
                field: "card_plugin_data",
                location: ::trello::__private::ParamLocation::Query,
                kind: <bool as ::trello::__private::ParamValue>::KIND,
                list: <bool as ::trello::__private::ParamValue>::IS_LIST,
                required: false,
                allowed: <bool as ::trello::__private::ParamValue>::ALLOWED,
            },
        ],
        scopes: &[],
        deprecated: false,
    };
    fn to_parts(
        &self,
    ) -> ::core::result::Result<
        ::trello::__private::RequestParts,
        ::trello::__private::Error,
    > {
        <String as ::trello::__private::ParamValue>::check(&self.id, "id")?;
        if let ::core::option::Option::Some(value) = &self.fields {
            <Vec<String> as ::trello::__private::ParamValue>::check(value, "fields")?;
        }
        if let ::core::option::Option::Some(value) = &self.card_plugin_data {
            <bool as ::trello::__private::ParamValue>::check(value, "card_pluginData")?;
        }
        let path = {
            let mut path = ::std::string::String::with_capacity(32usize);
            path.push_str("/boards/");
            <String as ::trello::__private::ParamValue>::push_path_segment(
                &self.id,
                "id",
                &mut path,
            )?;
            path
        };
        let mut query = ::std::vec::Vec::with_capacity(2usize);
        if let ::core::option::Option::Some(value) = &self.fields {
            query
                .push((
                    ::std::borrow::Cow::Borrowed("fields"),
                    ::std::borrow::Cow::into_owned(
                        <Vec<String> as ::trello::__private::ParamValue>::to_wire(value),
                    ),
                ));
        }
        if let ::core::option::Option::Some(value) = &self.card_plugin_data {
            query
                .push((
                    ::std::borrow::Cow::Borrowed("card_pluginData"),
                    ::std::borrow::Cow::into_owned(
                        <bool as ::trello::__private::ParamValue>::to_wire(value),
                    ),
                ));
        }
        ::core::result::Result::Ok(::trello::__private::RequestParts {
            path,
            query,
            body: ::trello::__private::RequestBody::Empty,
        })
    }
}
#[::trello::__private::linkme::distributed_slice(::trello::__private::ENDPOINTS)]
#[linkme(crate = ::trello::__private::linkme)]
#[doc(hidden)]
static __TRELLO_ENDPOINT_GET_BOARD: &::trello::__private::EndpointMeta = <GetBoard as ::trello::__private::Endpoint>::META;
