// On errors, the expansion is the errors plus the struct as written, without
// the helper attributes: no follow-on errors.

/// Broken on purpose.
#[endpoint(PATCH "/cards/{id}", response = Card)]
#[derive(Debug)]
pub struct Broken {
    #[body]
    name: String,
}
