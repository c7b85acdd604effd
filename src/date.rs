//! Dates as front matter writes them: ISO 8601 (`2026-03-01`, optionally with a time and
//! an offset), checked for real calendar days, and shown the way GOV.UK writes them
//! ("1 March 2026", "1 Mawrth 2026").

use std::fmt;

/// A calendar date with an optional time of day, as written in front matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// The time and offset exactly as written after the date (`T09:30:00+01:00`), if any.
    time: Option<Box<str>>,
    /// (hour, minute, second) for ordering.
    hms: (u8, u8, u8),
}

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM[:SS[.f]]`
    /// with an optional `Z` or `±HH:MM` offset. The error says what is wrong in words.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let shape_error =
            || format!("`{text}` is not a date in the form YYYY-MM-DD (for example 2026-03-01)");
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(shape_error());
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(shape_error());
        };
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` has month {month}, which is not 1 to 12"));
        }
        let last = days_in_month(year as i32, month as u8);
        if day == 0 || day > u32::from(last) {
            return Err(format!(
                "`{text}` is not a real day: {} {year} has {last} days",
                MONTHS_EN[month as usize - 1]
            ));
        }
        let mut hms = (0, 0, 0);
        let mut time = None;
        if bytes.len() > 10 {
            let rest = &text[10..];
            let t = rest
                .strip_prefix('T')
                .or_else(|| rest.strip_prefix(' '))
                .ok_or_else(shape_error)?;
            hms = parse_time(t).ok_or_else(|| {
                format!("`{text}` has a time that is not HH:MM or HH:MM:SS, with an optional Z or +01:00 offset")
            })?;
            time = Some(format!("T{t}"));
        }
        Ok(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
            time: time.map(String::into_boxed_str),
            hms,
        })
    }

    /// The date as ISO 8601, for `datetime` attributes and sitemaps.
    /// The time and offset as written after the date, if any.
    pub fn time(&self) -> Option<&str> {
        self.time.as_deref()
    }

    pub fn iso(&self) -> String {
        let mut out = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some(t) = &self.time {
            out.push_str(t);
        }
        out
    }

    /// The date alone, as `YYYY-MM-DD`.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// "1 March 2026" in English, "1 Mawrth 2026" in Welsh; other languages get English.
    pub fn human(&self, lang: &str) -> String {
        let months = if lang.starts_with("cy") {
            &MONTHS_CY
        } else {
            &MONTHS_EN
        };
        format!(
            "{} {} {}",
            self.day,
            months[self.month as usize - 1],
            self.year
        )
    }

    /// Whole days since 1970-01-01 (for comparisons such as "review within 30 days").
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The calendar date of a day count since 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date {
            year,
            month,
            day,
            time: None,
            hms: (0, 0, 0),
        }
    }

    fn sort_key(&self) -> (i32, u8, u8, (u8, u8, u8)) {
        (self.year, self.month, self.day, self.hms)
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.time.cmp(&other.time))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

fn parse_time(t: &str) -> Option<(u8, u8, u8)> {
    let (clock, offset) = match t.find(['Z', 'z', '+', '-']) {
        Some(i) => (&t[..i], Some(&t[i..])),
        None => (t, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let num = |s: &str, max: u8| -> Option<u8> {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok().filter(|v| *v <= max)
        } else {
            None
        }
    };
    let hour = num(parts[0], 23)?;
    let minute = num(parts[1], 59)?;
    let second = match parts.get(2) {
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
            if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.is_empty() {
                return None;
            }
            num(whole, 60)?
        }
        None => 0,
    };
    match offset {
        None | Some("Z") | Some("z") => {}
        Some(o) => {
            let o = &o[1..];
            let (h, m) = o.split_once(':').unwrap_or((o.get(..2)?, o.get(2..)?));
            num(h, 23)?;
            num(m, 59)?;
        }
    }
    Some((hour, minute, second))
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        assert_eq!(Date::parse("2026-03-01").unwrap().iso(), "2026-03-01");
        assert_eq!(
            Date::parse("2026-03-01T09:30:00+01:00").unwrap().iso(),
            "2026-03-01T09:30:00+01:00"
        );
        assert_eq!(
            Date::parse("2026-03-01 09:30").unwrap().iso(),
            "2026-03-01T09:30"
        );
        assert!(Date::parse("2026-03-01T09:30Z").is_ok());
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn rejects_impossible_dates_with_reasons() {
        assert!(Date::parse("2025-02-29").unwrap_err().contains("28 days"));
        assert!(Date::parse("2025-13-01").unwrap_err().contains("month 13"));
        assert!(Date::parse("1/3/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(Date::parse("2026-03-01T25:00").is_err());
        assert!(Date::parse("2026-03-01Tnoon").is_err());
        assert!(Date::parse("March 2026").is_err());
    }

    #[test]
    fn shows_dates_in_english_and_welsh() {
        let d = Date::parse("2026-03-01").unwrap();
        assert_eq!(d.human("en"), "1 March 2026");
        assert_eq!(d.human("cy"), "1 Mawrth 2026");
    }

    #[test]
    fn orders_by_calendar_then_time() {
        let a = Date::parse("2026-03-01").unwrap();
        let b = Date::parse("2026-03-01T10:00").unwrap();
        let c = Date::parse("2026-12-31").unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn day_counts_round_trip() {
        let d = Date::parse("2026-11-30").unwrap();
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::from_days_since_epoch(d.days_since_epoch()).iso(),
            "2026-11-30"
        );
    }
}
