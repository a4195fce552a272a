//! The two languages of the product. Every user-visible text takes a `Lang`.

/// A text in every language, indexed by [`Lang::index`].
pub type Words = [&'static str; Lang::COUNT];

/// A language the product speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, in the order of the catalogue's columns.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];
    /// How many languages there are.
    pub const COUNT: usize = Lang::ALL.len();

    /// Its column in the catalogue's rows (`Words`, `KpiText` arrays).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The BCP 47 code: `en` or `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// Reads `en`, `fr`, or a browser tag such as `fr-CA`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The colon before what follows (`Formula: …` / `Formule : …`): French puts
    /// a space before `:`, `;`, `!` and `?`. Written once, here.
    pub fn colon(self) -> &'static str {
        self.pick(": ", " : ")
    }

    /// The colon glued to what follows a space the caller writes (`x:` / `x :`).
    pub fn colon_tight(self) -> &'static str {
        self.pick(":", " :")
    }

    /// The semicolon (`a; b` / `a ; b`), its following space left to the caller.
    pub fn semicolon(self) -> &'static str {
        self.pick(";", " ;")
    }

    /// The language's name in itself (for a language switch).
    pub fn name(self) -> &'static str {
        self.pick("English", "Français")
    }

    /// The locale number formatting follows.
    pub fn locale(self) -> &'static str {
        self.pick("en-US", "fr-FR")
    }

    /// Picks the text of this language.
    pub fn pick<T>(self, en: T, fr: T) -> T {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// The singular or plural form for a count, by the language's rule: in English
    /// one is singular, in French zero and one are ("0 ligne écartée").
    pub fn plural<T>(self, n: u64, one: T, many: T) -> T {
        let singular = match self {
            Lang::En => n == 1,
            Lang::Fr => n <= 1,
        };
        if singular {
            one
        } else {
            many
        }
    }
}

/// The text with its first letter in upper case. Our sentences start with an ASCII
/// letter ("dates in column …", "la colonne …"), so no Unicode tables are needed.
pub fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_by_each_languages_rule() {
        let forms = |lang: Lang| [0, 1, 2].map(|n| lang.plural(n, "one", "many"));
        assert_eq!(forms(Lang::En), ["many", "one", "many"]);
        assert_eq!(forms(Lang::Fr), ["one", "one", "many"]);
    }

    #[test]
    fn tags() {
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(capitalise("la colonne"), "La colonne");
        assert_eq!(capitalise(""), "");
    }
}
