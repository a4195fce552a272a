//! What the page's URL says, decoded without the browser: language, currency,
//! calculator fields and the embed options. Anything unknown, malformed or oversized
//! is ignored and noted, never fatal (and fuzzed: `make fuzz`).

use crate::group::{Dim, Filter, View};
use crate::kpi::{Input, Kpi, PerInput};
use crate::lang::Lang;
use crate::whatif::{parse_changes, Lever};

/// The longest query we read; beyond, the URL is ignored with a notice.
pub const MAX_QUERY: usize = 8 * 1024;
/// The longest field value we keep from a URL.
pub const MAX_VALUE: usize = 64;

/// The currencies a user can pick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Currency {
    #[default]
    /// Euro.
    Eur,
    /// US dollar.
    Usd,
    /// Pound sterling.
    Gbp,
    /// Swiss franc.
    Chf,
    /// Canadian dollar.
    Cad,
}

impl Currency {
    /// Every currency offered.
    pub const ALL: [Currency; 5] = [
        Currency::Eur,
        Currency::Usd,
        Currency::Gbp,
        Currency::Chf,
        Currency::Cad,
    ];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Usd => "USD",
            Currency::Gbp => "GBP",
            Currency::Chf => "CHF",
            Currency::Cad => "CAD",
        }
    }

    /// The currency a language's readers most often count in.
    pub fn usual_for(lang: Lang) -> Currency {
        match lang {
            Lang::En => Currency::Usd,
            Lang::Fr => Currency::Eur,
        }
    }

    /// The currency of an ISO 4217 code.
    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }
}

/// A colour theme forced by an embedding page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    /// The visitor's system choice.
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The theme of a URL key.
    pub fn from_key(key: &str) -> Option<Theme> {
        match key {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The URL key.
    pub fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The compact layout for an iframe in a blog article (`?embed=1`) and its options.
#[derive(Clone, Debug, PartialEq)]
pub struct Embed {
    /// The KPIs shown; all when the URL names none (or none valid).
    pub kpis: Vec<Kpi>,
    /// The embed's theme.
    pub theme: Theme,
    /// Explanations open rather than folded.
    pub explain: bool,
    /// The what-if panel shown.
    pub whatif: bool,
}

impl Default for Embed {
    fn default() -> Embed {
        Embed {
            kpis: Kpi::ALL.to_vec(),
            theme: Theme::Auto,
            explain: false,
            whatif: false,
        }
    }
}

impl Embed {
    /// Reads the options; unknown or malformed values are ignored, never fatal.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Option<Embed> {
        let on = |v: Option<String>| matches!(v.as_deref(), Some("1" | "true" | "yes" | "on"));
        if !on(get("embed")) {
            return None;
        }
        let mut e = Embed::default();
        if let Some(list) = get("kpis") {
            let mut kpis: Vec<Kpi> = Vec::new();
            for k in list.split(',').filter_map(|k| Kpi::from_key(k.trim())) {
                if !kpis.contains(&k) {
                    kpis.push(k);
                }
            }
            if !kpis.is_empty() {
                e.kpis = kpis;
            }
        }
        if let Some(t) = get("theme").as_deref().and_then(Theme::from_key) {
            e.theme = t;
        }
        e.explain = on(get("explain"));
        e.whatif = on(get("whatif"));
        Some(e)
    }

    /// The calculator fields the chosen KPIs need, in the calculator's order, and
    /// those the what-if panel needs when it is shown (a funnel needs leads and
    /// customers; CPL, CAC and ROI need the cost and the revenue).
    pub fn inputs(&self) -> Vec<Input> {
        const WHATIF: [Input; 4] = [Input::Cost, Input::Leads, Input::Converted, Input::Revenue];
        Input::ALL
            .into_iter()
            .filter(|i| {
                self.kpis.iter().any(|k| k.inputs().any(|x| x == *i))
                    || (self.whatif && WHATIF.contains(i))
            })
            .collect()
    }
}

/// A calculator field from the URL, as typed.
pub type UrlFields = PerInput<String>;

/// The page's state as a URL gives it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlState {
    /// The language asked for.
    pub lang: Option<Lang>,
    /// The currency asked for.
    pub currency: Option<Currency>,
    /// The calculator's fields, as typed.
    pub fields: UrlFields,
    /// The embed options, when the page is embedded.
    pub embed: Option<Embed>,
    /// The results' grouping and filters (`by=owner&where=channel:LinkedIn`).
    pub view: View,
    /// The what-if scenario's changes to the campaign (`scenario=reply_rate:6`).
    pub scenario: Vec<(Lever, f64)>,
    /// Parameters that were ignored: malformed, unknown values, or a query too long.
    pub ignored: Vec<String>,
}

impl UrlState {
    /// Decodes a query string (`?lang=fr&cost=5000…`, the `?` optional).
    pub fn parse(query: &str) -> UrlState {
        let mut state = UrlState::default();
        if query.len() > MAX_QUERY {
            state.ignored.push(format!("{} bytes", query.len()));
            return state;
        }
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        for (key, value) in &pairs {
            let known = match key.as_str() {
                "lang" => Lang::from_tag(value).is_some(),
                "cur" => Currency::from_code(value).is_some(),
                "embed" | "kpis" | "theme" | "explain" | "whatif" => true,
                "scenario" => value.len() <= MAX_VALUE * 4 && !parse_changes(value).is_empty(),
                "by" => Dim::from_key(value).is_some(),
                "where" => value.chars().count() <= MAX_VALUE && Filter::parse(value).is_some(),
                k => Input::from_key(k).is_some() && value.chars().count() <= MAX_VALUE,
            };
            if !known {
                state.ignored.push(key.chars().take(32).collect());
            }
        }
        state.lang = get("lang").and_then(|l| Lang::from_tag(&l));
        state.currency = get("cur").and_then(|c| Currency::from_code(&c));
        for input in Input::ALL {
            if let Some(v) = get(input.key()).filter(|v| v.chars().count() <= MAX_VALUE) {
                state.fields[input] = v;
            }
        }
        state.embed = Embed::from_params(get);
        state.scenario = get("scenario")
            .filter(|v| v.len() <= MAX_VALUE * 4)
            .map(|v| parse_changes(&v))
            .unwrap_or_default();
        state.view.by = get("by").and_then(|b| Dim::from_key(&b));
        state.view.filters = pairs
            .iter()
            .filter(|(k, v)| k == "where" && v.chars().count() <= MAX_VALUE)
            .filter_map(|(_, v)| Filter::parse(v))
            .take(16)
            .collect();
        state
    }
}

/// Percent-decoding of a query component (`+` is a space); bad escapes stay as
/// they are, and invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_options_ignore_what_they_do_not_know() {
        let params = |q: &'static str| {
            move |k: &str| {
                q.split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                    .map(String::from)
            }
        };
        assert_eq!(Embed::from_params(params("lang=fr")), None);
        let e = Embed::from_params(params(
            "embed=1&kpis=roi,nope,cost_per_lead,roi&theme=dark&whatif=1",
        ))
        .unwrap();
        assert_eq!(e.kpis, [Kpi::Roi, Kpi::CostPerLead]);
        assert_eq!((e.theme, e.explain, e.whatif), (Theme::Dark, false, true));
        assert_eq!(
            e.inputs(),
            [Input::Cost, Input::Leads, Input::Converted, Input::Revenue]
        );
        let e = Embed::from_params(params("embed=1&kpis=meeting_rate&whatif=1")).unwrap();
        assert_eq!(
            e.inputs(),
            [
                Input::Cost,
                Input::Leads,
                Input::Meetings,
                Input::Converted,
                Input::Revenue
            ]
        );
        let e = Embed::from_params(params("embed=1&kpis=,,&theme=purple&explain=maybe")).unwrap();
        assert_eq!(e, Embed::default());
    }

    #[test]
    fn urls_decode_and_garbage_is_noted() {
        let s = UrlState::parse("?lang=fr&cur=usd&cost=5%20000&leads=200&x=1&cur2=%ZZ&lang=zz");
        assert_eq!(s.lang, Some(Lang::Fr));
        assert_eq!(s.currency, Some(Currency::Usd));
        assert_eq!(s.fields[Input::Cost], "5 000");
        assert_eq!(s.fields[Input::Leads], "200");
        assert_eq!(s.ignored, ["x", "cur2", "lang"]);
        let long = format!("cost={}", "9".repeat(100));
        assert_eq!(UrlState::parse(&long).fields[Input::Cost], "");
        assert_eq!(UrlState::parse(&long).ignored, ["cost"]);
        let huge = "a=".to_string() + &"b".repeat(MAX_QUERY);
        assert_eq!(UrlState::parse(&huge).ignored.len(), 1);
        assert_eq!(percent_decode("%E2%82%AC+%"), "€ %");
        assert_eq!(percent_decode("%FF%"), "\u{fffd}%");
        assert_eq!(UrlState::parse(""), UrlState::default());
    }

    #[test]
    fn grouping_and_filters() {
        let u = UrlState::parse(
            "?by=owner&where=channel%3ALinkedIn&where=owner:Ann&where=colour:red&by2=x",
        );
        assert_eq!(u.view.by, Some(crate::group::Dim::Owner));
        assert_eq!(u.view.filters.len(), 2);
        assert_eq!(u.view.filters[0].value, "LinkedIn");
        assert_eq!(u.ignored, ["where", "by2"]);
        assert_eq!(UrlState::parse("?by=colour").view.by, None);
    }

    #[test]
    fn the_scenario_comes_back() {
        let u = UrlState::parse("?leads=200&scenario=reply_rate%3A6,cost:2500");
        assert_eq!(u.scenario, [(Lever::Cost, 2500.0), (Lever::ReplyRate, 6.0)]);
        assert!(u.ignored.is_empty());
        let u = UrlState::parse("?scenario=colour:red");
        assert!(u.scenario.is_empty());
        assert_eq!(u.ignored, ["scenario"]);
    }
}
