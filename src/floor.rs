//! The benchmark's floor: read and parse every file of the project once, with the same
//! discovery, parsers and thread pool as a real run, and nothing else. `benches/run.sh`
//! compares a full run with it; see docs/performance.md.

use rayon::prelude::*;

use crate::config::Config;
use crate::discover::Discovery;
use crate::pipeline::{phases, read_source};

/// What the floor read: files and bytes.
pub struct Floor {
    pub files: usize,
    pub bytes: u64,
}

/// Reads and parses every discovered file, in parallel on the current pool, and drops it.
/// The files go in the same three phases as a real run ([`phases`]), so that the work is
/// shared between threads the same way.
pub fn parse_only(discovery: &Discovery, config: &Config) -> Floor {
    let bytes = phases(discovery)
        .iter()
        .map(|files| {
            files
                .par_iter()
                .map(|c| {
                    let file = read_source(c, config.max_file_size);
                    // The leading byte order mark is not kept; a file's size is what was
                    // read.
                    std::hint::black_box(&file.parsed);
                    file.text.len() as u64
                })
                .sum::<u64>()
        })
        .sum();
    Floor {
        files: discovery.files.len(),
        bytes,
    }
}
