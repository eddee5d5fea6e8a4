//! Readers for what the data and script rules look at: data files as tables (CSV, JSON,
//! XML), zip archives, identifiers in values, SOQL, CLI commands in scripts and Data
//! Loader configurations.

pub mod archive;
pub mod commands;
pub mod dataloader;
pub mod identifiers;
pub mod json;
pub mod soql;
pub mod table;

#[cfg(test)]
mod tests {
    /// Broken input of every shape ends in a result, never a panic: random mixes of the
    /// characters the readers care about, including multi-byte ones.
    #[test]
    fn no_reader_panics_on_junk() {
        const PIECES: &[&str] = &[
            "\"",
            "'",
            ",",
            ";",
            "\t",
            "\n",
            "\r\n",
            "\\",
            "`",
            "#",
            "|",
            ">",
            ">>",
            "&&",
            "{",
            "}",
            "[",
            "]",
            ":",
            "<",
            "/>",
            "=",
            "é",
            "日本",
            "sf",
            "data",
            "query",
            "-q",
            "SELECT",
            "FROM",
            "(",
            ")",
            "<entry key=",
            " value=",
            "123-45-6701",
            "\\u12",
            "<bean id=",
            "PK\u{3}\u{4}",
            " ",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..2000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 59) as usize + 1;
            for _ in 0..len * 3 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            for format in [
                super::table::Format::Csv,
                super::table::Format::Tsv,
                super::table::Format::Json,
                super::table::Format::Xml,
            ] {
                let table = super::table::read(&text, format, None);
                for cell in table.records.iter().flat_map(|r| &r.cells) {
                    assert!(cell.span.end <= text.len(), "{text:?}");
                }
            }
            for export in super::commands::exports(&text) {
                assert!(export.span.end <= text.len(), "{text:?}");
            }
            super::dataloader::processes(&text);
            super::soql::parse(&text);
            super::archive::entries(text.as_bytes(), |_| true);
        }
    }
}
