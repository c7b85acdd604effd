//! Brand colours: the site's choices (`brand:` in site.yaml) over the theme's defaults,
//! checked for contrast everywhere the theme uses them.
//!
//! A theme declares in `theme.yaml` each colour a site may change and each place it
//! meets another colour with the contrast that place needs. A colour that falls short
//! stops the build, naming the ratio, the place, and the nearest shade that passes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::colour::Colour;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::render::theme::Theme;
use crate::yaml;

/// The brand colours templates see as `brand.NAME`, as `#rrggbb`.
pub type Brand = BTreeMap<String, String>;

/// Resolves and checks the brand colours; `None` when one of them is an error.
pub fn resolve_brand(config: &Config, theme: &Theme, report: &mut Diagnostics) -> Option<Brand> {
    let mut diags = Diagnostics::new();
    let mut brand = Brand::new();
    let chosen = |name: &str| match name {
        "primary_colour" => config.brand.primary_colour.clone(),
        "accent_colour" => config.brand.accent_colour.clone(),
        _ => None,
    };
    let site_file = Path::new(CONFIG_FILE);
    let site_source = yaml::Source::file(site_file, &config.text);
    let at_site = |name: &str| {
        site_source
            .locate_value(&["brand", name])
            .unwrap_or(Location { line: 1, col: 1 })
    };
    for name in ["primary_colour", "accent_colour"] {
        if chosen(name).is_some() && !theme.brand.contains_key(name) {
            diags.push(
                site_source.diagnostic_at(
                    Diagnostic::warning(
                        "brand",
                        format!("the `{}` theme does not use brand.{name}", theme.name),
                    )
                    .with_help("remove it, or choose a theme that uses it"),
                    at_site(name),
                ),
            );
        }
    }
    for (name, spec) in &theme.brand {
        let (text, from_site) = match chosen(name) {
            Some(t) => (t, true),
            None => (spec.default.clone(), false),
        };
        let place = |d: Diagnostic| {
            if from_site {
                site_source.diagnostic_at(d, at_site(name))
            } else {
                d.in_file(&theme.manifest)
            }
        };
        let Some(colour) = Colour::parse(&text) else {
            diags.push(place(
                Diagnostic::error("brand", format!("brand.{name}: `{text}` is not a colour"))
                    .with_help("write colours as hex codes, such as \"#1d4f91\" (in quotes)"),
            ));
            continue;
        };
        let mut needs = Vec::new();
        for use_ in &spec.uses {
            match Colour::parse(&use_.against) {
                Some(against) => needs.push((against, use_.min, use_.role.as_str())),
                None => diags.push(
                    Diagnostic::error("brand", format!("`{}` is not a colour", use_.against))
                        .in_file(&theme.manifest)
                        .with_help("write colours as hex codes, such as \"#ffffff\""),
                ),
            }
        }
        let failing: Vec<_> = needs
            .iter()
            .filter(|(against, min, _)| colour.contrast(*against) < *min)
            .collect();
        if let Some((against, min, role)) = failing.first() {
            let all: Vec<(Colour, f64)> = needs.iter().map(|(c, m, _)| (*c, *m)).collect();
            let fix = match colour.nearest_passing(&all) {
                Some(c) => format!("the nearest shade that passes everywhere the theme uses it is {c}"),
                None => "no shade of this colour passes everywhere the theme uses it; choose a darker colour".into(),
            };
            let mut d = Diagnostic::error(
                "brand-contrast",
                format!(
                    "brand.{name} {colour} gives a contrast of {:.2}:1 against {against} ({role}); at least {min}:1 is needed",
                    colour.contrast(*against)
                ),
            )
            .with_help(fix);
            for (against, min, role) in failing.iter().skip(1) {
                d = d.with_note(format!(
                    "also {:.2}:1 against {against} ({role}), where {min}:1 is needed",
                    colour.contrast(*against)
                ));
            }
            diags.push(place(d));
        }
        brand.insert(name.clone(), colour.to_string());
    }
    let failed = diags.has_errors();
    report.extend(diags);
    (!failed).then_some(brand)
}
