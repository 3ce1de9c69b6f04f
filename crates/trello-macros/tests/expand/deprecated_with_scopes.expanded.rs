/// Marks a board viewed.
///
/// Endpoint `POST /boards/{id}/markedAsViewed`.
///
/// Build it with [`MarkBoardAsViewed::new`] and the setters of its optional parameters, then send it with `client.send(request)`, or bind it with [`MarkBoardAsViewed::bind`] and `.await` it.
#[deprecated(note = "use MarkBoardViewed")]
#[must_use = "a request does nothing until it is sent: await it once bound, or pass it to `client.send`"]
pub struct MarkBoardAsViewed<C = ::trello::__private::Unbound> {
    /// The board.
    id: String,
    __client: C,
}
#[allow(deprecated)]
#[allow(dead_code)]
impl MarkBoardAsViewed<::trello::__private::Unbound> {
    /// A `POST /boards/{id}/markedAsViewed` request, from its required parameters:
    ///
    /// - `id` (path parameter `id`): The board.
    pub fn new(id: impl ::core::convert::Into<String>) -> Self {
        Self {
            id: ::core::convert::Into::into(id),
            __client: ::trello::__private::Unbound,
        }
    }
    /// Binds the request to `client`, so that awaiting it (or calling
    /// `send`) sends it.
    pub fn bind(
        self,
        client: &::trello::__private::Client,
    ) -> MarkBoardAsViewed<::trello::__private::Bound<'_>> {
        MarkBoardAsViewed {
            id: self.id,
            __client: ::trello::__private::Bound::new(client),
        }
    }
}
#[allow(deprecated)]
#[allow(dead_code)]
impl<C> MarkBoardAsViewed<C> {}
#[allow(deprecated)]
#[allow(dead_code)]
impl<'c> MarkBoardAsViewed<::trello::__private::Bound<'c>> {
    /// Sends the request with the client it is bound to and decodes
    /// the answer.
    pub async fn send(
        self,
    ) -> ::core::result::Result<Ignored, ::trello::__private::Error> {
        let client = self.__client.client();
        client.send(self).await
    }
}
#[allow(deprecated)]
impl<'c> ::core::future::IntoFuture
for MarkBoardAsViewed<::trello::__private::Bound<'c>> {
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
#[allow(deprecated)]
impl<C: ::core::marker::Send + ::core::marker::Sync> ::trello::__private::Endpoint
for MarkBoardAsViewed<C> {
    type Response = Ignored;
    const META: &'static ::trello::__private::EndpointMeta = &::trello::__private::EndpointMeta {
        name: "MarkBoardAsViewed",
        module: ::core::module_path!(),
        method: ::trello::__private::Method::Post,
        path: "/boards/{id}/markedAsViewed",
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
        scopes: &["write:board:trello"],
        deprecated: true,
    };
    fn to_parts(
        &self,
    ) -> ::core::result::Result<
        ::trello::__private::RequestParts,
        ::trello::__private::Error,
    > {
        <String as ::trello::__private::ParamValue>::check(&self.id, "id")?;
        let path = {
            let mut path = ::std::string::String::with_capacity(47usize);
            path.push_str("/boards/");
            <String as ::trello::__private::ParamValue>::push_path_segment(
                &self.id,
                "id",
                &mut path,
            )?;
            path.push_str("/markedAsViewed");
            path
        };
        ::core::result::Result::Ok(::trello::__private::RequestParts {
            path,
            query: ::std::vec::Vec::new(),
            body: ::trello::__private::RequestBody::Empty,
        })
    }
}
#[allow(deprecated)]
#[::trello::__private::linkme::distributed_slice(::trello::__private::ENDPOINTS)]
#[linkme(crate = ::trello::__private::linkme)]
#[doc(hidden)]
static __TRELLO_ENDPOINT_MARK_BOARD_AS_VIEWED: &::trello::__private::EndpointMeta = <MarkBoardAsViewed as ::trello::__private::Endpoint>::META;
