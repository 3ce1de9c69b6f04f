/// Deletes a card.
///
/// Endpoint `DELETE /cards/{id}`.
///
/// Build it with [`DeleteCard::new`] and the setters of its optional parameters, then send it with `client.send(request)`, or bind it with [`DeleteCard::bind`] and `.await` it.
#[must_use = "a request does nothing until it is sent: await it once bound, or pass it to `client.send`"]
pub(crate) struct DeleteCard<C = ::trello::__private::Unbound> {
    id: String,
    __client: C,
}
#[allow(dead_code)]
impl DeleteCard<::trello::__private::Unbound> {
    /// A `DELETE /cards/{id}` request, from its required parameters:
    ///
    /// - `id`: the path parameter `id`.
    pub(crate) fn new(id: impl ::core::convert::Into<String>) -> Self {
        Self {
            id: ::core::convert::Into::into(id),
            __client: ::trello::__private::Unbound,
        }
    }
    /// Binds the request to `client`, so that awaiting it (or calling
    /// `send`) sends it.
    pub(crate) fn bind(
        self,
        client: &::trello::__private::Client,
    ) -> DeleteCard<::trello::__private::Bound<'_>> {
        DeleteCard {
            id: self.id,
            __client: ::trello::__private::Bound::new(client),
        }
    }
}
#[allow(dead_code)]
impl<C> DeleteCard<C> {}
#[allow(dead_code)]
impl<'c> DeleteCard<::trello::__private::Bound<'c>> {
    /// Sends the request with the client it is bound to and decodes
    /// the answer.
    pub(crate) async fn send(
        self,
    ) -> ::core::result::Result<Ignored, ::trello::__private::Error> {
        let client = self.__client.client();
        client.send(self).await
    }
}
impl<'c> ::core::future::IntoFuture for DeleteCard<::trello::__private::Bound<'c>> {
    type Output = ::core::result::Result<Ignored, ::trello::__private::Error>;
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
for DeleteCard<C> {
    type Response = Ignored;
    const META: &'static ::trello::__private::EndpointMeta = &::trello::__private::EndpointMeta {
        name: "DeleteCard",
        module: ::core::module_path!(),
        method: ::trello::__private::Method::Delete,
        path: "/cards/{id}",
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
        let path = {
            let mut path = ::std::string::String::with_capacity(31usize);
            path.push_str("/cards/");
            <String as ::trello::__private::ParamValue>::push_path_segment(
                &self.id,
                "id",
                &mut path,
            )?;
            path
        };
        ::core::result::Result::Ok(::trello::__private::RequestParts {
            path,
            query: ::std::vec::Vec::new(),
            body: ::trello::__private::RequestBody::Empty,
        })
    }
}
#[::trello::__private::linkme::distributed_slice(::trello::__private::ENDPOINTS)]
#[linkme(crate = ::trello::__private::linkme)]
#[doc(hidden)]
static __TRELLO_ENDPOINT_DELETE_CARD: &::trello::__private::EndpointMeta = <DeleteCard as ::trello::__private::Endpoint>::META;
