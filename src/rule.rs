//! The rules `byline check` applies, and how bad each finding is.
//!
//! [`Rule`] is the one list: each rule's name (the W3C Feed Validation
//! Service's own, where it has one), its severity and a one-line summary.
//! The README's rule table is made from it ([`Rule::markdown_table`]), and a
//! test keeps the two equal.

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be published as it is; nothing is written.
    Error,
    /// Publishing goes on, but the user should look.
    Warning,
}

impl Severity {
    /// The word a diagnostic shows.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rules {
    ($($name:ident: $severity:ident, $summary:literal;)*) => {
        /// A rule of `byline check`, named as the W3C validator names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(clippy::upper_case_acronyms)]
        pub enum Rule {
            $(
                #[doc = $summary]
                $name,
            )*
        }

        impl Rule {
            /// Every rule, in the order the README lists them.
            pub const ALL: &[Rule] = &[$(Rule::$name),*];

            /// The rule's stable name (`InvalidRFC2822Date`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$name => stringify!($name),)*
                }
            }

            /// How bad a finding of this rule is.
            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$name => Severity::$severity,)*
                }
            }

            /// What the rule finds, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$name => $summary,)*
                }
            }
        }
    };
}

rules! {
    SAXError: Error, "the file is not well-formed XML (what comes before the error is judged too)";
    WPBlankLine: Error, "a WordPress feed starts with a blank line before its XML declaration";
    MissingNamespace: Error, "an Atom `feed` in no namespace";
    UnicodeError: Error, "the bytes are not in the encoding the file declares (UTF-8 when it declares none)";
    UnknownEncoding: Error, "the encoding the file declares (or `--content-type`'s charset) is not one the WHATWG Encoding Standard names";
    UnsupportedEncoding: Error, "the file is in UTF-32, or in an encoding the WHATWG Encoding Standard reads only as U+FFFD (ISO-2022-KR, HZ, …)";
    ObscureEncoding: Warning, "the encoding is not one most feed readers know (UTF-8, UTF-16, ISO-8859-1, -2, -7, -15, Windows-1250 to -1256, KOI8-R, Shift_JIS, EUC-JP, GB18030, US-ASCII)";
    EncodingMismatch: Warning, "`--content-type`'s charset (which wins) differs from the encoding the file declares";
    UnknownFormat: Error, "the file is not RSS 2.0, Atom 1.0, JSON Feed 1.1 or an HTML page (or not the format byline wrote it in)";
    JsonFeedNotUtf8: Error, "a JSON Feed is not UTF-8";
    JsonFeedBom: Warning, "a JSON Feed starts with a UTF-8 byte order mark";
    JsonFeedInvalidJson: Error, "the file starts like JSON but is not valid JSON";
    JsonFeedNotObject: Error, "a JSON Feed's top level is not an object";
    JsonFeedMissingVersion: Error, "a JSON Feed has no `version`";
    JsonFeedUnknownVersion: Error, "a JSON Feed's `version` is not `https://jsonfeed.org/version/1.1` (or `/1`)";
    JsonFeedVersion10: Warning, "a JSON Feed declares version 1.0, not 1.1";
    JsonFeedMissingTitle: Error, "a JSON Feed has no `title`";
    JsonFeedInvalidTitle: Error, "a JSON Feed's `title` is not a string, or is blank";
    JsonFeedMissingHomePageUrl: Warning, "a JSON Feed has no `home_page_url` (optional, but the spec says to treat it as required)";
    JsonFeedMissingFeedUrl: Warning, "a JSON Feed has no `feed_url` (optional, but the spec says to treat it as required)";
    JsonFeedInvalidUrl: Error, "a JSON Feed URL member is not a string, or is blank";
    JsonFeedRelativeUrl: Warning, "a JSON Feed URL member is not an absolute URL";
    JsonFeedUrlWhitespace: Warning, "a JSON Feed URL member holds white space";
    JsonFeedInvalidType: Error, "a JSON Feed member has the wrong type (a number where a string belongs, …)";
    JsonFeedNextUrlIsFeedUrl: Error, "a JSON Feed's `next_url` is its `feed_url`";
    JsonFeedInvalidLanguage: Error, "a JSON Feed's `language` is not a language tag";
    JsonFeedInvalidHub: Error, "a JSON Feed hub lacks a string `type` or `url`";
    JsonFeedDeprecatedAuthor: Warning, "a JSON Feed 1.1 has `author` (deprecated) without `authors`";
    JsonFeedAuthorsIn10: Warning, "a JSON Feed that is not 1.1 has `authors`, a 1.1 member";
    JsonFeedEmptyAuthor: Error, "a JSON Feed author has none of `name`, `url` and `avatar`";
    JsonFeedUnknownField: Warning, "a JSON Feed member is not one JSON Feed 1.1 defines, nor an extension starting with `_`";
    JsonFeedMissingItems: Error, "a JSON Feed has no `items`";
    JsonFeedNoItems: Warning, "a JSON Feed's `items` is empty";
    JsonFeedMissingId: Error, "a JSON Feed item has no `id`";
    JsonFeedNonStringId: Warning, "a JSON Feed item's `id` is a number, not a string";
    JsonFeedInvalidId: Error, "a JSON Feed item's `id` is not a string, or is blank";
    JsonFeedDuplicateId: Error, "two JSON Feed items have the same `id`";
    JsonFeedMissingContent: Error, "a JSON Feed item has neither `content_html` nor `content_text`";
    JsonFeedContainsScript: Warning, "a JSON Feed item's `content_html` holds a `<script>`";
    JsonFeedMissingItemUrl: Warning, "a JSON Feed item has no `url` (its permalink)";
    JsonFeedInvalidDate: Error, "a JSON Feed date is not an RFC 3339 date (`2024-08-11T21:00:00+02:00`)";
    JsonFeedInvalidTags: Error, "a JSON Feed item's `tags` is not an array of strings";
    JsonFeedMissingAttachmentField: Error, "a JSON Feed attachment has no `url` or no `mime_type`";
    MissingAttribute: Error, "a required attribute is missing: an enclosure's `url`, `length` or `type`, `itunes:image`'s `href`, …";
    InvalidIntegerAttribute: Error, "an enclosure's `length` is not a whole number";
    InvalidNonNegativeInteger: Error, "an enclosure's `length` is negative";
    UseZeroForUnknown: Error, "an enclosure's `length` is -1: an unknown size is written 0";
    InvalidMIMEAttribute: Error, "a `type` attribute is not a media type such as `audio/mpeg`";
    DuplicateEnclosure: Warning, "an RSS item has more than one `enclosure`: most readers use only the first";
    InvalidPositiveInteger: Error, "a count that must be above 0 is not (`itunes:episode`, `itunes:season`, Media RSS `width`, `height`, `fileSize`)";
    InvalidMediaMedium: Error, "`media:content`'s `medium` is not image, audio, video, document or executable";
    InvalidCreditRole: Error, "`media:credit`'s `role` is not lower case, or not a role of the EBU scheme";
    MediaGroupWithoutAlternatives: Error, "a `media:group` holds fewer than two `media:content`";
    InvalidFloat: Error, "a Media RSS `bitrate`, `duration`, `framerate` or `samplingrate` is not a number";
    InvalidMediaExpression: Error, "`media:content`'s `expression` is not sample, full or nonstop";
    InvalidMediaTextType: Error, "a Media RSS title, description or text has a `type` other than plain or html";
    InvalidNPTTime: Error, "a Media RSS time is not Normal Play Time (`12.5`, `0:01:02.5`, `now`)";
    InvalidMediaHash: Error, "a `media:hash` is not an md5 or sha-1 hash";
    InvalidMediaRating: Error, "a `media:rating` is not a value of its scheme";
    InvalidMediaRestrictionRel: Error, "a `media:restriction`'s `relationship` is not allow or deny";
    InvalidMediaRestriction: Error, "a `media:restriction` without a type is not all or none";
    InvalidMediaRestrictionType: Error, "a `media:restriction`'s `type` is not country or uri";
    InvalidTrueFalse: Error, "`itunes:explicit` or `media:content`'s `isDefault` is not `true` or `false`";
    InvalidYesNoClean: Error, "`itunes:block` is not `yes` or `no`";
    InvalidDuration: Error, "`itunes:duration` is not seconds, `MM:SS` or `H:MM:SS`";
    InvalidItunesEpisodeType: Error, "`itunes:episodeType` is not `full`, `trailer` or `bonus`";
    InvalidItunesChannelType: Error, "`itunes:type` is not `episodic` or `serial`";
    InvalidItunesCategory: Error, "`itunes:category` is not one of Apple's categories (or subcategories of its parent)";
    ObsoleteItunesCategory: Warning, "`itunes:category` is one Apple retired in 2019";
    MissingItunesElement: Warning, "a podcast's channel lacks `language`, `itunes:category` or `itunes:explicit`, which Apple requires";
    MissingItunesEmail: Warning, "a podcast's channel lacks `itunes:owner` with `itunes:email`";
    UnsupportedItunesFormat: Warning, "a podcast's enclosure is a file type Apple Podcasts does not play";
    InvalidWidth: Error, "an RSS channel image's `width` is not 1 to 144";
    InvalidHeight: Error, "an RSS channel image's `height` is not 1 to 400";
    UnexpectedText: Error, "text directly inside an element that holds only elements (an RSS `image`)";
    InvalidFormComponentName: Error, "a `textInput`'s `name` is not a form field name";
    InvalidDay: Error, "a `skipDays` `day` is not `Monday` to `Sunday`";
    InvalidHour: Error, "a `skipHours` `hour` is not 0 to 23";
    InvalidLanguage: Error, "a `language` or `dc:language` is not a language code";
    UnexpectedAttribute: Error, "an RSS element has an attribute RSS does not define (`isPermalink` for `isPermaLink`, …)";
    InvalidUriChar: Error, "a URI reference (`href`, `src`, `url`, `xml:base`, Atom `icon`, …) holds white space or a character no URI may";
    UnexpectedWhitespace: Error, "an Atom id, date, `icon`, `logo` or `uri` has white space around its value";
    InvalidTextType: Error, "an Atom text construct's `type` is not text, html or xhtml";
    MissingXhtmlDiv: Error, "XHTML in Atom is not one `div` in the XHTML namespace";
    InvalidMIMEType: Error, "an Atom `content` or `link` `type` is not a media type (or is a composite one, or text/html/xhtml with `src`)";
    MissingSummary: Error, "an Atom entry whose content has `src` or is binary has no `summary`";
    MissingContentOrAlternate: Error, "an Atom entry has neither `content` nor an alternate link";
    DuplicateAtomLink: Error, "two alternate Atom links have the same `type` and `hreflang`";
    InvalidUUID: Error, "an Atom id `urn:uuid:…` is not a UUID";
    InvalidURN: Error, "an Atom id `urn:…` is not a URN";
    InvalidTAG: Error, "an Atom id `tag:…` is not a tag URI (RFC 4151)";
    FeedRelInCompleteFeed: Error, "a complete feed (`fh:complete`) links archive pages or other pages";
    CurrentNotSelfInCompleteFeed: Error, "a complete feed's `current` link is not the feed itself";
    UndeterminableVocabulary: Warning, "an element in an Atom feed has no namespace";
    UseZeroForMidnight: Warning, "a `skipHours` `hour` is 24, the old way to write midnight (0)";
    InvalidW3CDTFDate: Error, "a `dc:date` is not a W3C date-time (with a zone when it has a time)";
    InvalidLatitude: Error, "a geo latitude is not a number from -90 to 90";
    InvalidLongitude: Error, "a geo longitude is not a number from -180 to 180";
    InvalidSseType: Error, "a FeedSync `sx:related`'s `type` is not complete or aggregated";
    InvalidNSS: Error, "a FeedSync id or `by` is not a URN's namespace-specific string";
    IntegerOverflow: Error, "a FeedSync count is larger than 31 bits hold";
    SinceAfterUntil: Error, "a FeedSync `sx:sharing`'s `since` is after its `until`";
    MissingByAndWhenAttrs: Error, "a FeedSync `sx:history` has neither `by` nor `when`";
    InvalidInteger: Error, "an OpenSearch `startIndex` or `startPage` is not a whole number";
    InvalidLocalRole: Error, "an OpenSearch `Query`'s `role` is not one of OpenSearch's";
    InvalidEncoding: Error, "an OpenSearch `Query`'s encoding is not a character encoding";
    NotURLEncoded: Error, "an OpenSearch `Query`'s `searchTerms` is not URL-encoded";
    TooLong: Error, "an iTunes text is longer than Apple allows (255 characters, 4,000 for `summary`), or an OpenSearch title than 256";
    InvalidURLAttribute: Error, "a value that must be an http(s) URL is not one";
    InvalidISO8601DateTime: Error, "a value that must be an ISO 8601 date-time is not one";
    InvalidMetaName: Error, "a feed's `meta` is not `name=\"robots\"`";
    InvalidMetaContent: Error, "a feed's robots `meta` has a `content` that is not a robots directive";
    NoThrWhen: Error, "an Atom link has the obsolete `thr:when`, now `thr:updated`";
    InvalidHttpGUID: Error, "a `guid` that is a permalink (the default) is not a URL at all";
    InvalidAddrSpec: Error, "an Atom `email` is not an e-mail address";
    ObsoleteNamespace: Error, "a feed in Atom 0.3's namespace";
    InvalidNamespace: Error, "a `feed` in a namespace that is not Atom's, or an `rss` in any namespace";
    InvalidUpdatePeriod: Error, "a `sy:updatePeriod` is not hourly, daily, weekly, monthly or yearly";
    DeprecatedDTD: Error, "an RSS 0.91 feed names Netscape's DTD, whose address no longer answers";
    InvalidHTML: Error, "a feed's HTML page is not a whole HTML5 document (doctype, title, every element closed in order)";
    MissingFeedLink: Error, "a feed's HTML page does not link one of its feed's files, as `<link rel=\"alternate\">` and as `<a href>`";
    MissingElement: Error, "a required element is missing (`channel`, Atom `id`, `title`, `updated`, `author`, `name`)";
    MissingTitle: Error, "an RSS channel has no `title`";
    MissingLink: Error, "an RSS channel has no `link`";
    MissingDescription: Error, "an RSS channel has no `description`";
    ItemMustContainTitleOrDescription: Error, "an RSS item has neither `title` nor `description`";
    MissingHref: Error, "an Atom `link` has no `href`";
    UndefinedElement: Error, "an element unknown to RSS 2.0, Atom or a namespace byline knows (Dublin Core, content, Creative Commons, syndication, iTunes, Media RSS), or one in the wrong place";
    DuplicateElement: Error, "an element that may appear once appears twice";
    InvalidRFC2822Date: Error, "an RSS date is not an RFC 822 date (`Sun, 11 Aug 2024 21:00:00 +0200`)";
    IncorrectDOW: Error, "an RSS date names the wrong day of the week";
    InvalidRFC3339Date: Error, "an Atom or JSON Feed date is not an RFC 3339 date (`2024-08-11T21:00:00+02:00`)";
    InvalidFullLink: Error, "a link, an Atom `id` or a JSON Feed URL is not an absolute URL";
    InvalidPermalink: Error, "a `guid` that is a permalink (the default) is an absolute URI, but not http(s)";
    InvalidBooleanAttribute: Error, "`isPermaLink` is neither `true` nor `false`";
    InvalidContact: Error, "an RSS `author` or `managingEditor` has no email address";
    DuplicateValue: Error, "two RSS items have the same `guid`";
    DuplicateItemSemantics: Warning, "an RSS item says one thing twice: `author` and `dc:creator`, `guid` and `atom:id`, `pubDate` and `dc:date` or `atom:published`, `category` and `dc:subject`, `source` and `dc:source`";
    DuplicateEntries: Warning, "two Atom entries have the same `id`";
    DuplicateUpdated: Warning, "two Atom entries have the same `updated` value";
    MissingAtomSelfLink: Warning, "an RSS channel has no `atom:link rel=\"self\"`";
    MissingGuid: Warning, "an RSS 2.0 item has no `guid`, by which readers tell items apart";
    MediaRssNamespace: Error, "Media RSS's namespace is written without its final `/` (`http://search.yahoo.com/mrss`)";
    UriNotIri: Error, "an RSS link (or another URI that must be plain ASCII) holds a character outside ASCII: percent-encode it";
    MisplacedXHTMLContent: Warning, "the root element is XHTML: a page or a piece of content, not a feed";
    ReservedPrefix: Warning, "a prefix feeds give a well-known namespace (`dc`, `media`, `cc`, …) is bound to another one";
    MissingRealName: Warning, "an RSS `author`, `managingEditor` or `webMaster` is an address without a name (`desk@example.org (Desk)`)";
    RelativeSelf: Warning, "a feed's `self` link is relative (its full URL tells readers where the feed is)";
    UnregisteredAtomLinkRel: Warning, "an Atom link's `rel` is neither a registered relation nor a full URI";
    MissingSelf: Warning, "an Atom feed has no `link rel=\"self\"`";
    NotBlank: Warning, "a title is empty, or an Atom `subtitle`, `summary`, `rights` or `content` (without `src`)";
    ContainsHTML: Warning, "an RSS plain-text element holds an HTML end tag that readers may render";
    ContainsUndeclaredHTML: Warning, "an Atom text construct of type `text` holds an HTML end tag";
    SecurityRisk: Warning, "HTML content holds `script`, `iframe`, `object`, `embed`, `style` or another element readers must not run";
    SecurityRiskAttr: Warning, "HTML content holds an event handler attribute (`onclick`, `onerror`, …)";
    DangerousURL: Warning, "HTML content links to a `javascript:`, `vbscript:` or `data:` URL (stricter than the W3C)";
    ContainsRelRef: Warning, "HTML content has a relative link or image, which readers cannot resolve";
    ImplausibleDate: Warning, "a date is more than a day in the future, or before 1990";
    StaleFile: Error, "(site checks) a feed on disk is missing, differs from what `byline build` would write, or is one the last build wrote and this one would remove";
    // What `byline build` finds in the site itself: every
    // diagnostic has a rule, so that `[check] allow` can name it and a tool
    // reading `--format json` can tell one kind from another.
    TemplateTag: Warning, "(build) an article holds another generator's template tag (`{% include %}`, `{{< shortcode >}}`), published as text";
    RemovedElement: Warning, "(build) the HTML filter removed an element feed readers must not run or embed (`script`, `iframe`, …)";
    EmptyFeed: Warning, "(build) a feed selects no article and is published empty";
    DraftEnclosure: Warning, "(build) a draft has an enclosure, which is not published while it is a draft";
    IgnoredField: Warning, "(build) a front-matter key of another generator's dialect is ignored, but is close to one of byline's";
    DroppedCharacter: Warning, "(build) in another generator's dialect, a character no feed can carry (U+000C, a C1 control, U+FFFD) is left out of an article";
    NotAnArticle: Warning, "(build) in another generator's dialect, a file with no title and no text (a redirect stub, a template-only page) is left out";
    DateFromFileName: Warning, "(build) in the Jekyll dialect, a `date` that does not parse gives way to the date in the file name";
    TextLooksLikeMarkup: Warning, "(build) a plain-text field holds a character reference or HTML that readers show as text";
    Placeholder: Warning, "(build) a text `byline init` or `byline new` wrote as a placeholder (`Write the article here.`, `Your Name`, …) would be published";
    ExampleURL: Warning, "(build) `base_url` is the scaffold's `https://example.org/` (or example.com, example.net), which is nobody's site";
    InvalidConfig: Error, "(build) the config file cannot be read or has a problem: a typo, a bad value, a missing key";
    InvalidArticle: Error, "(build) an article cannot be published as it is: its front matter, its date, its text or its media";
    CannotBuild: Error, "(build) a folder or file cannot be read or written, or the environment is wrong (`SOURCE_DATE_EPOCH`)";
    // W3C warnings issue 26 listed that its first pass left out.
    UnknownNamespace: Warning, "a namespace is declared that the W3C validator does not know (a typo, or a vocabulary few readers read)";
    DangerousStyleAttr: Warning, "HTML content has a `style` attribute with a CSS property or value readers strip as unsafe (`position`, `url(…)`, …); also in HTML the W3C cannot parse, where it does not look";
    SameDocumentReference: Warning, "an Atom link's `href` (often empty) points at the `xml:base` it resolves against, which is not the feed's own URL";
    ContainsEmail: Warning, "an Atom person's `name` holds an address in angle brackets (`Desk <desk@example.org>`), which belongs in `email`";
    // Podcast pre-flight: what directories reject, named after the source
    // that says so; in `byline build` (for byline's own files) and in
    // `byline check` (for any podcast feed).
    Psp1MissingElement: Warning, "a podcast lacks an element PSP-1 requires: in `channel`, `atom:link rel=\"self\"`, `title`, `description`, `link`, `language`, `itunes:category`, `itunes:explicit`, `itunes:image`; in `item`, `title`, `enclosure`, `guid`";
    Psp1DescriptionTooLong: Warning, "a podcast's or an episode's `description` is longer than the 4,000 bytes PSP-1 and Apple allow (directories cut it there)";
    Psp1Copyright: Warning, "a podcast's `copyright` holds the © symbol, the word \"Copyright\" or a year, which PSP-1 asks to leave out (the holder's name only)";
    Psp1ExplicitValue: Warning, "`itunes:explicit` is `true` or `false` but not in lower case (`True`, `FALSE`), as PSP-1 asks (white space around it is the W3C's `InvalidTrueFalse`)";
    Psp1PodcastGuid: Warning, "a `podcast:guid` is not a lower-case UUID of version 5, as PSP-1 and Podcasting 2.0 define it";
    Psp1CoverExtension: Error, "a podcast's cover is named `.jpg` but is a PNG (or the other way round, or neither): PSP-1 asks that the extension match the file";
    AppleCoverFormat: Error, "a podcast's cover is not a JPEG or PNG, the formats Apple Podcasts takes";
    AppleCoverColorSpace: Error, "a podcast's cover is in CMYK (or greyscale), not the RGB colour space Apple Podcasts asks for";
    AppleCoverAlpha: Warning, "a podcast's cover has an alpha channel or a transparent colour, which Apple's artwork requirements say a show cover should not have";
    AppleCoverSize: Error, "a podcast's cover is not a square of 1,400 to 3,000 pixels a side, as Apple Podcasts requires";
    PrxCoverFileSize: Warning, "a podcast's cover is larger than 512 KB, PRX's advice for NPR One and Spotify";
    AppleDuplicateEnclosure: Warning, "two episodes of a podcast have one enclosure URL: Apple Podcasts ignores an enclosure URL it has seen";
    AppleEnclosureType: Warning, "a podcast's enclosure has a type Apple Podcasts does not play (it plays audio/mpeg, audio/x-m4a, audio/mp4, video/mp4, video/quicktime, video/x-m4v, application/pdf)";
    RemoteCoverNotRead: Warning, "(check) a podcast's cover is a URL, which `byline check` does not fetch: its format, colour space, alpha, pixels and size are not judged";
    SiteImageSize: Warning, "(build) `[site] icon` is not square, or neither the icon nor the logo fits RSS's `<image>` (144 by 400 pixels), so the RSS feeds have none";
    FeedTooLarge: Warning, "a feed file is over 1 MiB (stronger words over 5 and 15 MiB): Feedly stops crawling such feeds, CommaFeed refuses them over 5 MiB, Miniflux over 15 MiB";
    LockOutOfDate: Error, "(site checks, `build --locked`) `byline.lock` does not record a published article or podcast under its path, or an article's id would change";
    UnannouncedEdit: Warning, "(build) a published article's text changed, but neither its `updated` date nor a correction did: readers keep the old version";
    UnrecognisedRename: Warning, "(build) an article is new to `byline.lock` while one it records is gone: a rename with an edit gets a new id unless the old `id` is copied";
    MissingLock: Warning, "(`build --locked`) there is no `byline.lock` yet, so no id is kept across builds: build once and commit it";
    NextHeld: Warning, "(build, `future = \"hold\"`) the held article that falls due first, and when: a build after that time publishes it";
    ArticleGone: Warning, "(build) an article `byline.lock` records is not published any more: readers keep it as it was";
}

impl Rule {
    /// The rule named `name`, if there is one.
    pub fn named(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }

    /// Returns true if and only if the rule only says where a problem is
    /// (`InvalidConfig`, `InvalidArticle`, `CannotBuild`): text output
    /// leaves it out, as the path says as much.
    pub fn is_where(self) -> bool {
        matches!(
            self,
            Rule::InvalidConfig | Rule::InvalidArticle | Rule::CannotBuild
        )
    }

    /// The README's table of rules.
    pub fn markdown_table() -> String {
        let mut table = String::from("| rule | severity | what it finds |\n|---|---|---|\n");
        for rule in Rule::ALL {
            table.push_str(&format!(
                "| `{}` | {} | {} |\n",
                rule.name(),
                rule.severity().word(),
                rule.summary()
            ));
        }
        table
    }
}
