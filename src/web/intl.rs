//! Numbers formatted by the browser's `Intl.NumberFormat`, for the page's language
//! and currency: `1 234,56 €` in French, `€1,234.56` in English.

use super::state::Currency;
use crate::lang::Lang;
use crate::report::PlainFormat;
use crate::texts::NumberFormat;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::JsValue;

/// Formatters built once per language and currency.
pub struct Intl {
    lang: Lang,
    currency: Currency,
    money: Option<Function>,
    number: Option<Function>,
    percent: Option<Function>,
    days: Option<Function>,
}

impl PartialEq for Intl {
    fn eq(&self, other: &Intl) -> bool {
        self.lang == other.lang && self.currency == other.currency
    }
}

fn formatter(lang: Lang, options: &[(&str, JsValue)]) -> Option<Function> {
    let locales = Array::of1(&JsValue::from_str(lang.locale()));
    let opts = Object::new();
    for (k, v) in options {
        Reflect::set(&opts, &JsValue::from_str(k), v).ok()?;
    }
    let nf = js_sys::Intl::NumberFormat::new(&locales, &opts);
    Some(nf.format())
}

impl Intl {
    pub fn new(lang: Lang, currency: Currency) -> Intl {
        let s = |v: &str| JsValue::from_str(v);
        let n = |v: f64| JsValue::from_f64(v);
        Intl {
            lang,
            currency,
            money: formatter(
                lang,
                &[("style", s("currency")), ("currency", s(currency.code()))],
            ),
            number: formatter(lang, &[("maximumFractionDigits", n(2.0))]),
            percent: formatter(
                lang,
                &[("style", s("percent")), ("maximumFractionDigits", n(2.0))],
            ),
            days: formatter(
                lang,
                &[
                    ("style", s("unit")),
                    ("unit", s("day")),
                    ("unitDisplay", s("long")),
                    ("maximumFractionDigits", n(1.0)),
                ],
            ),
        }
    }

    fn call(f: &Option<Function>, v: f64) -> Option<String> {
        f.as_ref()?
            .call1(&JsValue::NULL, &JsValue::from_f64(v))
            .ok()?
            .as_string()
    }
}

impl NumberFormat for Intl {
    fn money(&self, v: f64) -> String {
        Intl::call(&self.money, v).unwrap_or_else(|| PlainFormat(self.lang).money(v))
    }
    fn count(&self, v: f64) -> String {
        Intl::call(&self.number, v).unwrap_or_else(|| PlainFormat(self.lang).count(v))
    }
    fn percent(&self, v: f64) -> String {
        Intl::call(&self.percent, v / 100.0).unwrap_or_else(|| PlainFormat(self.lang).percent(v))
    }
    fn days(&self, v: f64) -> String {
        Intl::call(&self.days, v).unwrap_or_else(|| PlainFormat(self.lang).days(v))
    }
}
