//! Values that look like real identifiers: social security numbers in issued ranges,
//! National Provider Identifiers with a valid check digit, dates that could be birth dates.
//! Nothing here keeps or returns the value: callers get a verdict only.

/// What a value in SSN form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ssn {
    /// In the ranges the Social Security Administration issues: it may be real.
    Plausible,
    /// In SSN form but never issued (area 000, 666 or 900-999, group 00, serial 0000) or a
    /// number known to be fake: synthetic test data.
    Synthetic,
}

/// Numbers printed in advertising or used as placeholders for decades; they are not
/// anyone's number.
const KNOWN_FAKE: &[&str] = &["078051120", "219099999", "123456789"];

/// Judges `value` when it is written as an SSN, `ddd-dd-dddd` (or with spaces). Nine bare
/// digits count only when `bare_digits` is set, for a column already named as an SSN.
pub fn ssn(value: &str, bare_digits: bool) -> Option<Ssn> {
    let value = value.trim();
    let bytes = value.as_bytes();
    let mut digits = [0u8; 9];
    match bytes.len() {
        11 => {
            let sep = bytes[3];
            let formed = (sep == b'-' || sep == b' ')
                && bytes[6] == sep
                && bytes
                    .iter()
                    .enumerate()
                    .all(|(i, b)| i == 3 || i == 6 || b.is_ascii_digit());
            if !formed {
                return None;
            }
            let kept = bytes.iter().enumerate().filter(|(i, _)| *i != 3 && *i != 6);
            for (slot, (_, b)) in digits.iter_mut().zip(kept) {
                *slot = *b;
            }
        }
        9 if bare_digits && bytes.iter().all(u8::is_ascii_digit) => digits.copy_from_slice(bytes),
        _ => return None,
    }
    let number = |range: std::ops::Range<usize>| {
        digits[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let (area, group, serial) = (number(0..3), number(3..5), number(5..9));
    let digits = std::str::from_utf8(&digits).ok()?;
    let never_issued = area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0;
    Some(if never_issued || KNOWN_FAKE.contains(&digits) {
        Ssn::Synthetic
    } else {
        Ssn::Plausible
    })
}

/// Whether `value` is a National Provider Identifier: ten digits starting with 1 or 2
/// whose last digit is the Luhn check digit of the other nine prefixed with 80840.
pub fn npi(value: &str) -> bool {
    let value = value.trim();
    let bytes = value.as_bytes();
    if bytes.len() != 10
        || !bytes.iter().all(u8::is_ascii_digit)
        || !matches!(bytes[0], b'1' | b'2')
    {
        return false;
    }
    let digits: Vec<u32> = "80840"
        .bytes()
        .chain(bytes.iter().copied())
        .map(|b| u32::from(b - b'0'))
        .collect();
    luhn_valid(&digits)
}

fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    // Not `is_multiple_of`: the crate supports Rust 1.85.
    matches!(sum % 10, 0)
}

/// Whether `value` is a calendar date that could be a birth date: `YYYY-MM-DD` (with an
/// optional time), `MM/DD/YYYY` or `M/D/YYYY`, with a year from 1900 to 2099.
pub fn date(value: &str) -> bool {
    let value = value.trim();
    let parts = |s: &str, sep: char| -> Option<Vec<u32>> {
        s.split(sep).map(|p| p.parse::<u32>().ok()).collect()
    };
    let (year, month, day) = if value.len() >= 10 && value.as_bytes()[4] == b'-' {
        let Some(p) = value.get(..10).and_then(|d| parts(d, '-')) else {
            return false;
        };
        match p.as_slice() {
            [y, m, d] => (*y, *m, *d),
            _ => return false,
        }
    } else if value.contains('/') {
        let Some(p) = parts(value, '/') else {
            return false;
        };
        match p.as_slice() {
            [m, d, y] => (*y, *m, *d),
            _ => return false,
        }
    } else {
        return false;
    };
    (1900..=2099).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Whether `value` is masked or redacted (`***-**-1234`, `XXX-XX-1234`, `###`): it holds
/// no identifier.
pub fn redacted(value: &str) -> bool {
    let masks = value
        .chars()
        .filter(|c| matches!(c, '*' | '#' | 'X' | 'x'))
        .count();
    masks >= 3
        && value
            .chars()
            .all(|c| matches!(c, '*' | '#' | 'X' | 'x') || !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_ranges() {
        assert_eq!(ssn("123-45-6701", false), Some(Ssn::Plausible));
        assert_eq!(ssn("123 45 6701", false), Some(Ssn::Plausible));
        for synthetic in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "987-65-4321",
            "123-00-4567",
            "123-45-0000",
            "078-05-1120",
            "219-09-9999",
            "123-45-6789",
        ] {
            assert_eq!(ssn(synthetic, false), Some(Ssn::Synthetic), "{synthetic}");
        }
        assert_eq!(ssn("123456701", false), None);
        assert_eq!(ssn("123456701", true), Some(Ssn::Plausible));
        assert_eq!(ssn("123-456-701", false), None);
        assert_eq!(ssn("2024-01-15", false), None);
        assert_eq!(ssn("12a-45-6701", false), None);
    }

    #[test]
    fn npi_check_digit() {
        // The example from the NPI check digit specification.
        assert!(npi("1234567893"));
        assert!(!npi("1234567890"));
        assert!(!npi("3234567893"));
        assert!(!npi("123456789"));
    }

    #[test]
    fn dates_and_masks() {
        assert!(date("1980-02-29"));
        assert!(date("1980-02-29T00:00:00.000Z"));
        assert!(date("2/9/1980"));
        assert!(!date("1800-01-01"));
        assert!(!date("13/01/1980"));
        assert!(!date("yesterday"));
        assert!(redacted("***-**-1234"));
        assert!(redacted("XXX-XX-1234"));
        assert!(!redacted("Xavier"));
        assert!(!redacted("123-45-6701"));
    }
}
