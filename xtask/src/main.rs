//! Project tooling. Run as `cargo xtask <command>`.

fn main() {
    let endpoints = trello::registry();
    println!("endpoints in the registry: {}", endpoints.len());
}
