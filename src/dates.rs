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

/// The clock a build or check judges dates by: `now` if given, else the
/// `SOURCE_DATE_EPOCH` environment variable (reproducible builds), else the
/// system clock. Output depends on it only for `future = "hold"`.
pub fn clock(now: Option<i64>) -> Result<i64, crate::diagnostic::Diagnostic> {
    if let Some(now) = now {
        return Ok(now);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        return epoch.trim().parse().map_err(|_| {
            crate::diagnostic::Diagnostic::error(
                "SOURCE_DATE_EPOCH",
                format!("`{epoch}` is not a number of seconds since 1970"),
            )
        });
    }
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)))
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
