//! Colours: parsing `#1d4f91`, WCAG contrast ratios, and the nearest shade of a colour
//! that reaches a contrast, so that a brand colour that fails can be fixed in one step.

use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    /// Parses `#rgb` or `#rrggbb` (the `#` is optional).
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().trim_start_matches('#');
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        match digits.as_slice() {
            [r, g, b] => Some(Colour {
                r: r * 17,
                g: g * 17,
                b: b * 17,
            }),
            [r1, r2, g1, g2, b1, b2] => Some(Colour {
                r: r1 * 16 + r2,
                g: g1 * 16 + g2,
                b: b1 * 16 + b2,
            }),
            _ => None,
        }
    }

    /// Relative luminance as WCAG 2 defines it.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// The WCAG contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// The shade of this colour (same hue and saturation, lightness moved as little as
    /// possible) that passes every `(background, minimum ratio)` given.
    pub fn nearest_passing(self, needs: &[(Colour, f64)]) -> Option<Colour> {
        let passes = |c: Colour| needs.iter().all(|(bg, min)| c.contrast(*bg) >= *min);
        if passes(self) {
            return Some(self);
        }
        let (h, s, l) = self.to_hsl();
        (1..=1000).find_map(|step| {
            let delta = f64::from(step) / 1000.0;
            [l - delta, l + delta]
                .into_iter()
                .filter(|l| (0.0..=1.0).contains(l))
                .map(|l| Colour::from_hsl(h, s, l))
                .find(|c| passes(*c))
        })
    }

    fn to_hsl(self) -> (f64, f64, f64) {
        let r = f64::from(self.r) / 255.0;
        let g = f64::from(self.g) / 255.0;
        let b = f64::from(self.b) / 255.0;
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l);
        }
        let d = max - min;
        let s = if l > 0.5 {
            d / (2.0 - max - min)
        } else {
            d / (max + min)
        };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Colour {
        if s == 0.0 {
            let v = (l * 255.0).round() as u8;
            return Colour { r: v, g: v, b: v };
        }
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let hue = |mut t: f64| {
            if t < 0.0 {
                t += 1.0;
            }
            if t > 1.0 {
                t -= 1.0;
            }
            if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            }
        };
        let to_byte = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        Colour {
            r: to_byte(hue(h + 1.0 / 3.0)),
            g: to_byte(hue(h)),
            b: to_byte(hue(h - 1.0 / 3.0)),
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_colours() {
        assert_eq!(
            Colour::parse("#fff"),
            Some(Colour {
                r: 255,
                g: 255,
                b: 255
            })
        );
        assert_eq!(Colour::parse("1D4F91").unwrap().to_string(), "#1d4f91");
        assert_eq!(Colour::parse("#12345"), None);
        assert_eq!(Colour::parse("blue"), None);
    }

    #[test]
    fn contrast_ratios_match_wcag_examples() {
        let white = Colour::parse("#fff").unwrap();
        let black = Colour::parse("#000").unwrap();
        assert!((white.contrast(black) - 21.0).abs() < 0.01);
        // GOV.UK link blue on white is about 5.2:1.
        let link = Colour::parse("#1d70b8").unwrap();
        assert!(
            (link.contrast(white) - 5.17).abs() < 0.05,
            "{}",
            link.contrast(white)
        );
        let grey = Colour::parse("#767676").unwrap();
        assert!(grey.contrast(white) >= 4.5 && grey.contrast(white) < 4.6);
    }

    #[test]
    fn nearest_passing_shade_keeps_the_hue_and_just_passes() {
        let white = Colour::parse("#fff").unwrap();
        let light_blue = Colour::parse("#7fb2e5").unwrap();
        assert!(light_blue.contrast(white) < 4.5);
        let fixed = light_blue.nearest_passing(&[(white, 4.5)]).unwrap();
        let ratio = fixed.contrast(white);
        assert!((4.5..4.8).contains(&ratio), "{fixed} gives {ratio}");
        assert!(fixed.b > fixed.r, "still blue: {fixed}");
        // A colour that passes is its own nearest shade.
        let dark = Colour::parse("#1d4f91").unwrap();
        assert_eq!(dark.nearest_passing(&[(white, 4.5)]), Some(dark));
    }
}
