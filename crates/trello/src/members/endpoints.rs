//! Member endpoints.

use std::{borrow::Cow, future::IntoFuture, pin::Pin};

use trello_core::{
    Bound, Endpoint, EndpointMeta, Error, Method, ParamLocation, ParamMeta, ParamValue,
    RequestBody, RequestParts, Unbound, params::fill_path,
};

use super::Member;

/// `GET /members/{id}`: a member by id or username (`me` for the token's
/// owner).
#[derive(Clone, Debug)]
pub struct GetMember<C = Unbound> {
    id: String,
    fields: Option<String>,
    client: C,
}

impl GetMember {
    /// The member `id` (an id, a username, or `me`).
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            fields: None,
            client: Unbound,
        }
    }

    /// Binds to `client`, so that awaiting the value sends it.
    pub fn bind(self, client: &trello_core::Client) -> GetMember<Bound<'_>> {
        GetMember {
            id: self.id,
            fields: self.fields,
            client: Bound::new(client),
        }
    }
}

impl<C> GetMember<C> {
    /// `all` or a comma-separated list of member fields.
    pub fn fields(mut self, fields: impl Into<String>) -> Self {
        self.fields = Some(fields.into());
        self
    }
}

impl<C: Send + Sync> Endpoint for GetMember<C> {
    type Response = Member;
    const META: &'static EndpointMeta = &EndpointMeta {
        name: "GetMember",
        module: module_path!(),
        method: Method::Get,
        path: "/members/{id}",
        params: &[
            ParamMeta {
                name: "id",
                field: "id",
                location: ParamLocation::Path,
                kind: <String as ParamValue>::KIND,
                list: <String as ParamValue>::IS_LIST,
                required: true,
                allowed: <String as ParamValue>::ALLOWED,
            },
            ParamMeta {
                name: "fields",
                field: "fields",
                location: ParamLocation::Query,
                kind: <String as ParamValue>::KIND,
                list: <String as ParamValue>::IS_LIST,
                required: false,
                allowed: <String as ParamValue>::ALLOWED,
            },
        ],
    };

    fn to_parts(&self) -> Result<RequestParts, Error> {
        self.id.check("id")?;
        let path = fill_path(Self::META.path, &[("id", self.id.to_wire())])?;
        let mut query = Vec::new();
        if let Some(fields) = &self.fields {
            fields.check("fields")?;
            query.push((Cow::Borrowed("fields"), fields.to_wire().into_owned()));
        }
        Ok(RequestParts {
            path,
            query,
            body: RequestBody::Empty,
        })
    }
}

impl<'c> GetMember<Bound<'c>> {
    /// Sends the request.
    pub async fn send(self) -> Result<Member, Error> {
        let client = self.client.client();
        client.send(self).await
    }
}

impl<'c> IntoFuture for GetMember<Bound<'c>> {
    type Output = Result<Member, Error>;
    type IntoFuture = Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'c>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[trello_core::__private::linkme::distributed_slice(trello_core::__private::ENDPOINTS)]
#[linkme(crate = trello_core::__private::linkme)]
static GET_MEMBER: &EndpointMeta = <GetMember as Endpoint>::META;
