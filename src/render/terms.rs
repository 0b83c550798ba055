//! The attribution policy of items, decided once for every format.

/// An item's own rights and license: each only where it differs from the
/// site's, which the feed states once. Every format applies this one
/// policy (the README's attribution table); each only spells it.
pub(crate) struct Terms<'a> {
    /// The item's rights statement, unless it is the site's.
    pub(crate) rights: Option<&'a str>,
    /// The item's license URL, unless it is the site's.
    pub(crate) license: Option<&'a str>,
}

impl<'a> Terms<'a> {
    /// The terms that the item of `article` states in a feed of `site`.
    pub(crate) fn of(
        article: &'a crate::article::Article,
        site: &crate::config::Site,
    ) -> Terms<'a> {
        let own = |value: &'a Option<String>, site: &Option<String>| {
            value.as_deref().filter(|v| Some(*v) != site.as_deref())
        };
        let attribution = &article.attribution;
        Terms {
            rights: own(&attribution.rights, &site.rights),
            license: own(&attribution.license, &site.license),
        }
    }
}
