//! What `iamform plan` says when AWS cannot be used: an endpoint nobody listens on, no
//! credentials at all, an endpoint that answers HTTP 500 with an empty body. Each is one
//! sentence saying what happened and what to check, never an SDK `Debug` dump.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;

use crate::support::offline_cli::temp_copy;
use assert_cmd::Command;

/// Runs `iamform plan` in `dir` with nothing from the developer's environment: an empty
/// HOME (no ~/.aws), no AWS_* variables, and instance metadata off so the credential
/// chain does not wait for an EC2 metadata service; then `env` on top.
fn plan_with(dir: &Path, home: &Path, env: &[(&str, &str)]) -> String {
    let mut command = Command::cargo_bin("iamform").unwrap();
    command
        .current_dir(dir)
        .env_clear()
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["plan"]);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    format!(
        "exit code: {:?}\n--- stdout\n{}--- stderr\n{stderr}",
        output.status.code(),
        String::from_utf8(output.stdout).unwrap()
    )
}

const TEST_KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
];

/// A port on 127.0.0.1 that was free a moment ago: connecting to it is refused.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn without_port(text: &str, port: u16) -> String {
    text.replace(&format!("127.0.0.1:{port}"), "127.0.0.1:[port]")
}

#[test]
fn a_refused_connection_names_the_endpoint_and_what_to_check() {
    let (guard, dir) = temp_copy("examples/quickstart");
    let port = closed_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut env = TEST_KEYS.to_vec();
    env.push(("AWS_ENDPOINT_URL", endpoint.as_str()));
    let out = plan_with(&dir, guard.path(), &env);
    insta::assert_snapshot!("refused_connection", without_port(&out, port));
}

#[test]
fn no_credentials_says_which_account_and_how_to_give_them() {
    let (guard, dir) = temp_copy("examples/quickstart");
    let out = plan_with(&dir, guard.path(), &[]);
    insta::assert_snapshot!("no_credentials", out);
    let named = plan_with(&dir, guard.path(), &[("AWS_PROFILE", "ops")]);
    insta::assert_snapshot!("no_credentials_named_profile", named);
}

#[test]
fn an_empty_http_500_says_the_failure_is_on_the_service_side() {
    let (guard, dir) = temp_copy("examples/quickstart");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Answers every request with an empty 500, on a connection each: reads are retried
    // (six attempts), so more than that.
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { break };
            let mut buf = [0u8; 16 * 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    });
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut env = TEST_KEYS.to_vec();
    env.push(("AWS_ENDPOINT_URL", endpoint.as_str()));
    let out = plan_with(&dir, guard.path(), &env);
    insta::assert_snapshot!("empty_http_500", without_port(&out, port));
}
