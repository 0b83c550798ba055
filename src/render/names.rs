//! The names both formats write: the generator, and the namespaces of
//! the extensions byline uses.

/// The generator's name and version, as both formats state it.
pub(super) const GENERATOR: &str = "byline";
pub(super) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Creative Commons RSS module's namespace, for `creativeCommons:license`.
pub(super) const CREATIVE_COMMONS_NS: &str = "http://backend.userland.com/creativeCommonsRssModule";

/// The Podcasting 2.0 namespace, for `podcast:guid`, `podcast:person` and
/// `podcast:transcript`.
pub(super) const PODCAST_NS: &str = "https://podcastindex.org/namespace/1.0";
