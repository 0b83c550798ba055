//! When a date is plausible: one policy for `build`, which warns about an
//! article's date, and `check`, which judges any feed's dates.

/// Dates before this (1990-01-01T00:00:00Z) are implausible to feed
/// validators.
pub(crate) const EARLIEST_PLAUSIBLE: i64 = 631_152_000;

/// How far ahead of the clock a date may be before it is implausible: a
/// day, so that an article dated "today" somewhere east of the build
/// machine is not a finding.
pub(crate) const FUTURE_TOLERANCE: i64 = 86_400;

/// Why a date is implausible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Implausible {
    /// More than [`FUTURE_TOLERANCE`] after `now`.
    Future,
    /// Before 1990.
    TooOld,
}

/// Judges a date (seconds since 1970) against the clock `now`.
pub(crate) fn implausible(timestamp: i64, now: i64) -> Option<Implausible> {
    if timestamp > now.saturating_add(FUTURE_TOLERANCE) {
        Some(Implausible::Future)
    } else if timestamp < EARLIEST_PLAUSIBLE {
        Some(Implausible::TooOld)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_ahead_is_tolerated_and_1990_is_the_floor() {
        let now = 1_700_000_000;
        assert_eq!(implausible(now + FUTURE_TOLERANCE, now), None);
        assert_eq!(
            implausible(now + FUTURE_TOLERANCE + 1, now),
            Some(Implausible::Future)
        );
        assert_eq!(implausible(EARLIEST_PLAUSIBLE, now), None);
        assert_eq!(
            implausible(EARLIEST_PLAUSIBLE - 1, now),
            Some(Implausible::TooOld)
        );
        assert_eq!(implausible(i64::MAX, i64::MAX), None);
    }
}
