//! A generated corpus like the benchmark's (sections of strategy documents with front
//! matter, headings, lists, a table, a footnote, cross-links and an image), built and its
//! whole output hashed. Work on speed must leave the output byte for byte the same; a
//! change to what Plainly writes shows here, to be accepted on purpose with
//! `UPDATE_CORPUS_HASH=1 cargo test corpus`.

use std::path::Path;

use crate::harness::*;

const SECTIONS: &[&str] = &[
    "housing",
    "transport",
    "climate-action",
    "libraries",
    "digital-services",
    "finance",
];
const WORDS: &[&str] = &[
    "residents",
    "services",
    "partners",
    "budgets",
    "schools",
    "libraries",
    "data",
    "skills",
    "transport",
    "homes",
    "volunteers",
    "funding",
    "outcomes",
    "pathways",
    "networks",
];
const TAGS: &[&str] = &["budget", "net-zero", "skills", "inclusion", "partnership"];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

fn generate(site: &TestSite, pages: usize) {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let names: Vec<(String, String)> = (0..pages)
        .map(|i| {
            let section = SECTIONS[i % SECTIONS.len()];
            (
                section.to_string(),
                format!("{}-plan-{i:04}.md", rng.pick(WORDS)),
            )
        })
        .collect();
    for section in SECTIONS {
        site.write(
            &format!("content/{section}/_index.md"),
            &format!("---\ntitle: \"{section}\"\nsummary: \"Strategies for {section}.\"\n---\n"),
        );
        for n in 0..3 {
            site.write_bytes(&format!("static/images/{section}/figure-{n}.png"), PNG);
        }
    }
    for (i, (section, name)) in names.iter().enumerate() {
        let title = format!("{} plan {i}", rng.words(2));
        let mut text = format!(
            "---\ntitle: \"{title}\"\nsummary: \"{}.\"\ndate: 20{:02}-{:02}-{:02}\ntags: [{}, {}]\nstatus: adopted\nowner: \"Head of {}\"\n{}---\n\n",
            rng.words(12),
            15 + rng.next() % 11,
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            rng.pick(TAGS),
            rng.pick(TAGS),
            rng.pick(WORDS),
            if i % 50 == 7 { "draft: true\n" } else { "" }
        );
        for h in 0..4 {
            text.push_str(&format!("## {} {h}\n\n", rng.words(3)));
            for _ in 0..3 {
                text.push_str(&format!(
                    "We will work with {} to {} *{}* and **{}**. ",
                    rng.words(2),
                    rng.words(3),
                    rng.words(2),
                    rng.words(2)
                ));
            }
            text.push_str("\n\n");
            text.push_str(&format!(
                "### {}\n\n- {}\n- {}\n- {}\n\n",
                rng.words(2),
                rng.words(5),
                rng.words(5),
                rng.words(5)
            ));
        }
        // A cross-link to another page, unless that one is a draft.
        let target = rng.next() % names.len();
        if target % 50 != 7 {
            let (other_section, other) = &names[target];
            let link = if other_section == section {
                other.clone()
            } else {
                format!("../{other_section}/{other}")
            };
            text.push_str(&format!("See [{}]({link}).\n\n", rng.words(3)));
        }
        text.push_str("| Action | Lead | Due |\n| --- | --- | --- |\n");
        for _ in 0..4 {
            text.push_str(&format!(
                "| {} | {} | 20{:02} |\n",
                rng.words(3),
                rng.pick(WORDS),
                25 + rng.next() % 6
            ));
        }
        text.push_str(&format!("\n> {}.\n\n", rng.words(15)));
        text.push_str(&format!(
            "![Chart of {}](/images/{section}/figure-{}.png)\n\n",
            rng.words(4),
            rng.next() % 3
        ));
        text.push_str(&format!(
            "A finding from the survey.[^1]\n\n[^1]: Source: {}, 2025.\n",
            rng.words(3)
        ));
        site.write(&format!("content/{section}/{name}"), &text);
    }
}

/// FNV-1a: a hash that stays the same across Rust versions and platforms.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

#[test]
fn the_output_of_a_generated_corpus_is_unchanged() {
    let site = TestSite::new();
    generate(&site, 240);
    let run = site.build();
    run.assert_ok();
    let files = site.snapshot("output");
    assert!(files.len() > 240, "{} files", files.len());
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for (path, bytes) in &files {
        fnv(&mut hash, path.as_bytes());
        fnv(&mut hash, &[0]);
        fnv(&mut hash, bytes);
    }
    let found = format!("{hash:016x} {} files\n", files.len());
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/build/corpus.hash");
    if std::env::var_os("UPDATE_CORPUS_HASH").is_some() {
        std::fs::write(&golden, &found).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(
        found, expected,
        "the output of the generated corpus changed. If that is intended (a theme or feature change, not a speed-up), run `UPDATE_CORPUS_HASH=1 cargo test corpus` and commit tests/build/corpus.hash"
    );
}
