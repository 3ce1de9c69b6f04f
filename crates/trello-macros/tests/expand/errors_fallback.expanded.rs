::core::compile_error! {
    "unknown HTTP method `PATCH`; use GET, POST, PUT or DELETE"
}
::core::compile_error! {
    "placeholder `{id}` has no #[path] field; add one, e.g. `#[path] id: String`"
}
/// Broken on purpose.
#[derive(Debug)]
pub struct Broken {
    name: String,
}
