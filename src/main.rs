//! The `iamform` command: parses arguments, calls the library, prints, sets the exit code.

mod cli;

/// mimalloc instead of the system allocator: a plan allocates and frees millions of small
/// strings and vectors, and glibc's malloc/free took about a quarter of a 10,000-entity
/// plan (docs/benchmarks.md). Built without transparent huge pages (Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
