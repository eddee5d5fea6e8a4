//! Zip archives, read in memory with firm limits, so that a static resource that is a zip
//! bomb costs little: only data entries are read, each up to a size, and only so many.

use std::io::{Cursor, Read};

/// No more entries than this are looked at.
pub const MAX_ENTRIES: usize = 10_000;
/// No more data entries than this are read.
pub const MAX_DATA_ENTRIES: usize = 200;
/// An entry larger than this, inflated, is passed over.
pub const MAX_ENTRY_SIZE: u64 = 4 * 1024 * 1024;
/// The archive's data entries together are read up to this size, inflated.
pub const MAX_TOTAL_SIZE: u64 = 32 * 1024 * 1024;

/// An entry of an archive, read as text.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub text: String,
}

/// Whether `bytes` start like a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The entries of the archive in `bytes` whose names `wanted` accepts, as text, within
/// the limits above. Entries that are encrypted, too large or unreadable are passed over;
/// an archive that cannot be opened yields nothing.
pub fn entries(bytes: &[u8], wanted: impl Fn(&str) -> bool) -> Vec<Entry> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut total = 0u64;
    for index in 0..archive.len().min(MAX_ENTRIES) {
        if out.len() >= MAX_DATA_ENTRIES || total >= MAX_TOTAL_SIZE {
            break;
        }
        let Ok(file) = archive.by_index(index) else {
            continue;
        };
        if !file.is_file() || !wanted(file.name()) || file.size() > MAX_ENTRY_SIZE {
            continue;
        }
        let name = file.name().to_string();
        // The declared size can lie: never read past the limit, whatever it says.
        let mut buffer = Vec::new();
        if file
            .take(MAX_ENTRY_SIZE + 1)
            .read_to_end(&mut buffer)
            .is_err()
            || buffer.len() as u64 > MAX_ENTRY_SIZE
        {
            continue;
        }
        total += buffer.len() as u64;
        // An export saved in a legacy encoding is still read, with odd bytes replaced.
        let text = match String::from_utf8(buffer) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        out.push(Entry { name, text });
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A zip archive of `files`, deflated, for tests.
    pub fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_wanted_entries_within_limits() {
        let big = "0".repeat(MAX_ENTRY_SIZE as usize + 1);
        let bytes = zip_of(&[
            ("data/patients.csv", "SSN\n123-45-6701\n"),
            ("js/lib.js", "var x;"),
            ("data/big.csv", &big),
        ]);
        assert!(is_zip(&bytes));
        let found = entries(&bytes, |n| n.ends_with(".csv"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "data/patients.csv");
        assert!(entries(b"PK\x03\x04 junk", |_| true).is_empty());
    }
}
