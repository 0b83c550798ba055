//! WebSub (W3C Recommendation): telling a hub that feeds changed, so that
//! it pushes them to subscribers at once instead of waiting for their next
//! poll.
//!
//! A publish ping is a form POST to the hub, `hub.mode=publish` and
//! `hub.url=<the feed's URL>`, one per feed. The HTTP client is
//! [ureq](https://docs.rs/ureq): blocking (a build pings a handful of URLs
//! once, after writing; no async runtime is worth it), small, maintained,
//! with rustls for https and timeouts on every request.

use std::time::Duration;

/// How one ping went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ping {
    /// The feed the hub was told about.
    pub url: String,
    /// The hub's HTTP status, or why there was none.
    pub outcome: Result<u16, String>,
    /// How many requests it took (2 when the first failed and was retried).
    pub attempts: u32,
}

impl Ping {
    /// Returns true if and only if the hub accepted it (a 2xx status).
    pub fn accepted(&self) -> bool {
        self.outcome
            .as_ref()
            .is_ok_and(|status| (200..300).contains(status))
    }
}

/// How long to wait for a hub, and before the one retry.
#[derive(Clone, Copy, Debug)]
pub struct Patience {
    /// The longest a request may take, connection included.
    pub timeout: Duration,
    /// The wait before a failed ping is tried again.
    pub retry_after: Duration,
}

impl Default for Patience {
    fn default() -> Patience {
        Patience {
            timeout: Duration::from_secs(10),
            retry_after: Duration::from_secs(2),
        }
    }
}

/// Tells `hub` about each of `feeds`, one request each. A ping that fails
/// for want of an answer, or with a 5xx or 429 status, is tried once more;
/// a hub that refuses (another 4xx) is not asked again.
pub fn ping(hub: &str, feeds: &[String], patience: Patience) -> Vec<Ping> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(patience.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("byline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    feeds
        .iter()
        .map(|url| {
            let attempt = || {
                agent
                    .post(hub)
                    .send_form([("hub.mode", "publish"), ("hub.url", url.as_str())])
                    .map(|response| response.status().as_u16())
                    .map_err(|e| e.to_string())
            };
            let mut outcome = attempt();
            let mut attempts = 1;
            let worth_retrying = |outcome: &Result<u16, String>| match outcome {
                Ok(status) => *status >= 500 || *status == 429,
                Err(_) => true,
            };
            if worth_retrying(&outcome) {
                std::thread::sleep(patience.retry_after);
                outcome = attempt();
                attempts = 2;
            }
            Ping {
                url: url.clone(),
                outcome,
                attempts,
            }
        })
        .collect()
}
