//! Cell values: numbers in their many national forms, dates, yes/no tokens, CRM
//! stages, and the normalisation that headers and stages are matched with.
//!
//! Everything here works on raw bytes and allocates nothing on the hot path.

use super::Problem;
use crate::kpi::InputKind;
use std::borrow::Cow;

/// Lower case, accents removed, every run of other characters than letters and
/// digits turned into one space, trimmed (contract §2, "Header matching").
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out);
    out
}

/// [`normalise`] into a buffer the caller reuses (cleared first): no allocation per
/// call on a hot path.
pub fn normalise_into(s: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    if s.is_ascii() {
        // The same rule, a byte at a time (a search reads a million names).
        for &b in s.as_bytes() {
            if !b.is_ascii_alphanumeric() {
                gap = true;
                continue;
            }
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        }
        return;
    }
    for c in s.chars() {
        let folded = fold_accent(c);
        // Letters of other scripts are kept as they are: headers to match are all
        // Latin, and the page carries no Unicode case tables.
        let other_letter = folded.is_empty() && c as u32 > 0x7F && !is_separator(c);
        if folded.is_empty() && !other_letter {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        if other_letter {
            out.push(c);
        } else {
            out.push_str(folded);
        }
    }
}

/// Non-ASCII characters that separate words: spaces, punctuation, symbols.
fn is_separator(c: char) -> bool {
    matches!(
        c as u32,
        0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF20
    )
}

/// The ASCII letters of a Latin letter (either case) or digit, or "" for anything else.
fn fold_accent(c: char) -> &'static str {
    const ASCII: [&str; 36] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f", "g", "h",
        "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    match c {
        '0'..='9' => ASCII[c as usize - '0' as usize],
        'a'..='z' => ASCII[10 + c as usize - 'a' as usize],
        'A'..='Z' => ASCII[10 + c as usize - 'A' as usize],
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'Ď' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'Ś' | 'Š' => "s",
        'ť' | 'Ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ß' => "ss",
        _ => "",
    }
}

/// Text from a cell: UTF-8 when it is, else Windows-1252 (a file that looked like
/// UTF-8 at its start but carries Excel's bytes further down).
pub fn cell_text(raw: &[u8]) -> String {
    cell_str(raw).into_owned()
}

/// `cell_text`, borrowed from the cell when it is UTF-8 (nothing allocated).
pub fn cell_str(raw: &[u8]) -> Cow<'_, str> {
    let raw = trim(raw);
    match std::str::from_utf8(raw) {
        Ok(s) => Cow::Borrowed(s),
        #[cfg(feature = "legacy-encodings")]
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0,
        #[cfg(not(feature = "legacy-encodings"))]
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// The cell without its surrounding ASCII white space.
#[inline]
pub fn trim(raw: &[u8]) -> &[u8] {
    raw.trim_ascii()
}

/// The longest number we read, in significant characters.
const MAX_NUMBER: usize = 96;

/// Reads a number in any of the contract's forms (`1 234,50 €`, `$1,234.50`,
/// `1.234,50`, `1'234.50`, `EUR 12`, `-5`, `1.5e3`). `comma_delimited` is whether the
/// file's delimiter is `,`, which makes `1,234` a thousand and not one point two.
pub fn parse_number(raw: &[u8], comma_delimited: bool) -> Result<f64, Problem> {
    let raw = trim(raw);
    if let Some(value) = plain(raw, comma_delimited) {
        return Ok(value);
    }
    // Excel's accounting negative, `(1,234.50)`, and a currency written as a word
    // (`R$ 1.234,56`, `Rs. 1,234`, `1 234,50 kr`).
    let (raw, bracketed) = match raw {
        [b'(', inner @ .., b')'] => (trim(inner), true),
        _ => (raw, false),
    };
    let raw = without_currency_word(raw);
    let mut buf = [0u8; MAX_NUMBER];
    let mut len = 0;
    // The digits as a whole number, as they come.
    let (mut whole, mut digits) = (0u64, 0);
    let (mut dots, mut commas, mut last_sep) = (0, 0, 0u8);
    let mut digits_after_last_sep = 0;
    let mut seen_digit = false;
    let mut negative = bracketed;
    let mut exponent = false;
    // A currency code: three letters before or after the digits.
    let mut code = [0u8; 3];
    let mut letters_run = 0;
    let mut codes = 0;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        // Skip grouping spaces and currency signs, in UTF-8 or Windows-1252 bytes.
        let skip = match b {
            b' ' | b'\'' | b'_' | b'$' => 1,
            0xC2 if matches!(raw.get(i + 1), Some(0xA0 | 0xA3)) => 2, // nbsp, £
            0xE2 if matches!(raw.get(i + 1..i + 3), Some([0x80, 0xAF | 0x89 | 0x99])) => 3,
            0xC2 if raw.get(i + 1) == Some(&0xA5) => 2, // ¥
            // The Currency Symbols block, U+20A0 to U+20CF: € ₹ ₽ ₩ ₺ ₪ ₫ ₦ ₱ ₴…
            0xE2 if matches!(
                raw.get(i + 1..i + 3),
                Some([0x82, 0xA0..=0xBF] | [0x83, 0x80..=0x8F])
            ) =>
            {
                3
            }
            0x80 | 0xA0 | 0xA3 | 0xA5 => 1, // €, nbsp, £, ¥ in cp1252
            _ => 0,
        };
        if skip > 0 {
            i += skip;
            continue;
        }
        match b {
            b'0'..=b'9' => {
                if letters_run > 0 {
                    // A code before the digits.
                    if seen_digit || !is_currency_code(&code, letters_run) {
                        return Err(Problem::NotANumber);
                    }
                    letters_run = 0;
                    codes += 1;
                }
                seen_digit = true;
                digits_after_last_sep += 1;
                whole = whole.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
                push(&mut buf, &mut len, b)?;
            }
            b'-' | b'+' if !seen_digit && !negative && len == 0 => negative = b == b'-',
            b'-' | b'+' if exponent && buf[len.saturating_sub(1)] == b'e' => {
                push(&mut buf, &mut len, b)?
            }
            b'.' | b',' if !exponent => {
                if b == b'.' {
                    dots += 1;
                } else {
                    commas += 1;
                }
                last_sep = b;
                digits_after_last_sep = 0;
                push(&mut buf, &mut len, b)?;
            }
            b'e' | b'E'
                if seen_digit
                    && !exponent
                    && letters_run == 0
                    && matches!(raw.get(i + 1), Some(b'0'..=b'9' | b'-' | b'+')) =>
            {
                exponent = true;
                push(&mut buf, &mut len, b'e')?;
            }
            b'A'..=b'Z' | b'a'..=b'z' => {
                if letters_run == 3 || codes > 0 {
                    return Err(Problem::NotANumber);
                }
                code[letters_run] = b.to_ascii_uppercase();
                letters_run += 1;
            }
            _ => return Err(Problem::NotANumber),
        }
        i += 1;
    }
    if !seen_digit || (letters_run > 0 && !is_currency_code(&code, letters_run)) {
        return Err(Problem::NotANumber);
    }
    // Decide which separator is the decimal mark; drop the grouping ones.
    let decimal = match (dots, commas) {
        (0, 0) => 0,
        (_, 0) if dots > 1 => 0,
        (_, 0) => b'.',
        (0, _) if commas > 1 => 0,
        (0, _) if comma_delimited && digits_after_last_sep == 3 => 0,
        (0, _) => b',',
        _ => last_sep,
    };
    let decimals_of_kind = if decimal == b'.' { dots } else { commas };
    if decimal != 0 && decimals_of_kind > 1 {
        return Err(Problem::NotANumber);
    }
    // The decimal mark, if any, is the last separator: the digits after it are the
    // fraction's.
    let fraction = if decimal == 0 {
        0
    } else {
        digits_after_last_sep
    };
    if let Some(value) = exact(whole, digits, fraction).filter(|_| !exponent) {
        return Ok(if negative && value != 0.0 {
            -value
        } else {
            value
        });
    }
    let mut clean = [0u8; MAX_NUMBER + 1];
    let mut n = 0;
    if negative {
        clean[0] = b'-';
        n = 1;
    }
    for &b in &buf[..len] {
        match b {
            b'.' | b',' if b == decimal => {
                clean[n] = b'.';
                n += 1;
            }
            b'.' | b',' => {}
            _ => {
                clean[n] = b;
                n += 1;
            }
        }
    }
    let text = std::str::from_utf8(&clean[..n]).map_err(|_| Problem::NotANumber)?;
    let value: f64 = text.parse().map_err(|_| Problem::NotANumber)?;
    if !value.is_finite() {
        return Err(Problem::TooLarge);
    }
    // `-0` is zero.
    Ok(if value == 0.0 { 0.0 } else { value })
}

/// The ISO 4217 codes a spreadsheet of campaign figures or a CRM's report is likely
/// to carry (Salesforce writes `BRL 1.234,56` in a multi-currency org).
fn is_currency_code(code: &[u8; 3], len: usize) -> bool {
    const CODES: [&[u8; 3]; 56] = [
        b"EUR", b"USD", b"GBP", b"CHF", b"CAD", b"AUD", b"NZD", b"JPY", b"CNY", b"SEK", b"NOK",
        b"DKK", b"PLN", b"CZK", b"HUF", b"MAD", b"XOF", b"TND", b"INR", b"BRL", b"MXN", b"ZAR",
        b"SGD", b"HKD", b"XAF", b"DZD", b"RON", b"BGN", b"ISK", b"TRY", b"RUB", b"UAH", b"ILS",
        b"AED", b"SAR", b"QAR", b"KWD", b"EGP", b"NGN", b"KES", b"KRW", b"TWD", b"THB", b"MYR",
        b"IDR", b"PHP", b"VND", b"PKR", b"ARS", b"CLP", b"COP", b"PEN", b"UYU", b"RSD", b"LKR",
        b"BDT",
    ];
    len == 3 && CODES.contains(&code)
}

/// A number's text without a currency written as a word or a sign with letters,
/// before or after it (`US$`, `R$`, `Rs.`, `kr`, `zł`, `Kč`, `Fr.`…; ISO codes are
/// read with the digits). Letters are matched in any case.
fn without_currency_word(raw: &[u8]) -> &[u8] {
    const WORDS: [&[u8]; 22] = [
        b"US$",
        b"CA$",
        b"AU$",
        b"NZ$",
        b"HK$",
        b"MX$",
        b"C$",
        b"A$",
        b"S$",
        b"R$",
        b"Rs.",
        b"Rs",
        b"kr.",
        b"kr",
        b"Fr.",
        b"Fr",
        b"Ft",
        b"RM",
        b"Rp",
        b"TL",
        "z\u{142}".as_bytes(),
        "K\u{10d}".as_bytes(),
    ];
    let letter = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphabetic() || *b >= 0x80);
    for word in WORDS {
        if raw.len() > word.len() {
            let (head, rest) = raw.split_at(word.len());
            if head.eq_ignore_ascii_case(word) && !letter(rest.first()) {
                return trim(rest);
            }
            let (rest, tail) = raw.split_at(raw.len() - word.len());
            if tail.eq_ignore_ascii_case(word) && !letter(rest.last()) {
                return trim(rest);
            }
        }
    }
    raw
}

/// Most cells of a file: digits with at most one `.` or `,` among them, read in one
/// pass, as the general reading would read them (a comma before exactly three
/// digits in a `,` file groups thousands). `None` for anything else.
fn plain(raw: &[u8], comma_delimited: bool) -> Option<f64> {
    // The digits' value as a whole number, as they come.
    let (mut whole, mut digits, mut sep, mut after) = (0u64, 0, None, 0);
    for &b in raw {
        match b {
            b'0'..=b'9' => {
                whole = whole.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
                after += 1;
            }
            b'.' | b',' if sep.is_none() => {
                sep = Some(b);
                after = 0;
            }
            _ => return None,
        }
    }
    let fraction = match sep {
        _ if digits == 0 => return None,
        Some(b',') if comma_delimited && after == 3 => 0,
        Some(_) => after,
        None => 0,
    };
    exact(whole, digits, fraction)
}

/// Powers of ten that a double holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of `digits` digits read as the whole number `whole`, the last
/// `fraction` of them after the decimal mark, when it is below 2^53 over a power of
/// ten up to 10^22: one division of two exact doubles, so rounded exactly as
/// `str::parse` rounds (Clinger's fast path). Most cells are such; the others
/// (`None`) go through `str::parse`.
fn exact(whole: u64, digits: usize, fraction: usize) -> Option<f64> {
    (digits <= 15 && fraction < POW10.len()).then(|| whole as f64 / POW10[fraction])
}

fn push(buf: &mut [u8; MAX_NUMBER], len: &mut usize, b: u8) -> Result<(), Problem> {
    if *len == MAX_NUMBER {
        return Err(Problem::TooLarge);
    }
    buf[*len] = b;
    *len += 1;
    Ok(())
}

/// The largest count we accept: beyond, a figure is surely a mistake (and f64 sums
/// of whole numbers stay exact).
pub const MAX_COUNT: f64 = 1e12;
/// The largest amount of money we accept, for the same reason.
pub const MAX_MONEY: f64 = 1e15;
/// The longest sales cycle we accept, in days (a century).
pub const MAX_DAYS: f64 = 36_525.0;

/// Reads a number and checks it fits the kind of input.
pub fn parse_input(raw: &[u8], kind: InputKind, comma_delimited: bool) -> Result<f64, Problem> {
    let v = parse_number(raw, comma_delimited)?;
    check_kind(v, kind)
}

/// Checks a number fits a kind of input.
pub fn check_kind(v: f64, kind: InputKind) -> Result<f64, Problem> {
    let (max, signed) = match kind {
        InputKind::Count => (MAX_COUNT, false),
        InputKind::Money => (MAX_MONEY, false),
        InputKind::SignedMoney => (MAX_MONEY, true),
        InputKind::Days => (MAX_DAYS, false),
    };
    if !v.is_finite() || v.abs() > max {
        return Err(Problem::TooLarge);
    }
    if v < 0.0 && !signed {
        return Err(Problem::Negative);
    }
    // 0 ≤ v ≤ 10^12 < 2^52 here: adding 2^52 rounds it to a whole number (the
    // doubles from 2^52 to 2^53 are one apart), so it comes back unchanged only if
    // it was one. Two additions, inline (`fract` is a call to the C library's
    // `trunc` on baseline x86-64, an integer conversion a saturating one).
    const WHOLE: f64 = 4_503_599_627_370_496.0;
    if kind == InputKind::Count && v + WHOLE - WHOLE != v {
        return Err(Problem::NotWholeNumber);
    }
    Ok(v)
}

/// A parsed date, as a Julian day number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Date {
    /// A form with one reading: ISO `2025-03-14`, or dotted `14.03.2025`.
    Fixed(i32),
    /// A slash date `a/b/yyyy` (or `a-b-yyyy`, or a two-digit year), read day first
    /// and month first (`None` when invalid).
    Slash {
        /// The day number read day first.
        day_first: Option<i32>,
        /// The day number read month first.
        month_first: Option<i32>,
    },
}

impl Date {
    /// The date in the given reading; a slash date valid in one reading only keeps it.
    pub fn read(self, month_first: bool) -> i32 {
        match self {
            Date::Fixed(d) => d,
            Date::Slash {
                day_first,
                month_first: mf,
            } => {
                let (pick, other) = if month_first {
                    (mf, day_first)
                } else {
                    (day_first, mf)
                };
                pick.or(other).unwrap_or(0)
            }
        }
    }

    /// True when both readings exist and differ.
    pub fn is_ambiguous(self) -> bool {
        matches!(self, Date::Slash { day_first: Some(a), month_first: Some(b) } if a != b)
    }
}

/// Reads `2025-03-14`, `2025-03-14T10:22:00Z`, `2025-03-14 10:22(:05)`, `2025/03/14`,
/// `2025.03.14`, `14/03/2025`, `14/03/2025 10:22`, `3/14/2025 10:22 AM`, `14.03.2025`
/// or `14-03-2025` (Zoho's and Dutch dates: read as a slash date), a two-digit year
/// this century's (`3/14/25`: a CSV saved by Excel in the US), a comma maybe before
/// the time (`3/14/2025, 10:22 AM`), or a month named ([`parse_named`]). `None`
/// when it is not a valid date.
pub fn parse_date(raw: &[u8]) -> Option<Date> {
    let raw = trim(raw);
    let (day, time) = split_time(raw);
    match parse_day(day) {
        Some(date) => Some(date).filter(|_| time_fits(day, time)),
        None => parse_named(raw),
    }
}

/// A trimmed cell's day and what follows it: no day holds a `T`, a `t`, a space or
/// a comma, so the first one starts the time.
fn split_time(s: &[u8]) -> (&[u8], &[u8]) {
    let cut = s
        .iter()
        .position(|b| matches!(b, b'T' | b't' | b' ' | b','))
        .unwrap_or(s.len());
    s.split_at(cut)
}

/// A date whose month is named, in English or French, full or short, maybe with a
/// time after it: `Mar 14, 2025`, `March 14, 2025 9:15 AM` (Zoho, Salesforce's
/// medium form), `14 Mar 2025`, `14-Mar-2025`, `14-Mar-25` (Excel's `d-mmm-yy`),
/// `14 févr. 2025`. A two-digit year is this century's. Out of line: the hot path
/// reads numeric days.
#[cold]
#[inline(never)]
fn parse_named(cell: &[u8]) -> Option<Date> {
    // Only a short cell with a letter: anything else was read already.
    if cell.len() > 40
        || !cell
            .iter()
            .any(|b| b.is_ascii_alphabetic() || !b.is_ascii())
    {
        return None;
    }
    let text = normalise(&cell_str(cell));
    let words: Vec<&str> = text.split(' ').collect();
    let month = |w: &str| crate::period::month_named(w);
    let number = |w: &str, max_len: usize| {
        (!w.is_empty() && w.len() <= max_len && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let year = |w: &str| match w.len() {
        2 => number(w, 2).map(|y| 2000 + y),
        4 => number(w, 4),
        _ => None,
    };
    // A day maybe written as an ordinal: `March 14th, 2025`, `1er mars 2025`.
    let day = |w: &str| {
        let bare = ["st", "nd", "rd", "th", "er"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .unwrap_or(w);
        number(bare, 2)
    };
    let read = |words: &[&str]| {
        let (m, d, y, time) = match words {
            [a, b, c, time @ ..] if month(a).is_some() => (month(a)?, day(b)?, year(c)?, time),
            [a, b, c, time @ ..] => (month(b)?, day(a)?, year(c)?, time),
            _ => return None,
        };
        // A time after it: hours, minutes, seconds, AM or PM.
        let clock = time.len() <= 4
            && time
                .iter()
                .all(|w| number(w, 2).is_some() || matches!(*w, "am" | "pm"));
        clock.then(|| julian(y, m, d).map(Date::Fixed)).flatten()
    };
    // Maybe after its weekday, as Excel's long date writes it: `Friday, March 14,
    // 2025`, `ven. 14 mars 2025`.
    read(&words).or_else(|| match words.split_first() {
        Some((first, rest)) if WEEKDAYS.split(' ').any(|d| d == *first) => read(rest),
        _ => None,
    })
}

/// Weekdays in English and French, full and short, normalised.
const WEEKDAYS: &str = "monday tuesday wednesday thursday friday saturday sunday \
    mon tue tues wed thu thur thurs fri sat sun \
    lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim";

/// A day alone (`2025-03-14`, `14/03/2025`, `14.03.2025`…), nothing after it.
fn parse_day(day: &[u8]) -> Option<Date> {
    let (a, rest) = digits(day);
    match (a, rest.first()) {
        (Some((year, 4)), Some(b'-' | b'/' | b'.')) => {
            let sep = rest[0];
            let (m, rest) = digits(&rest[1..]);
            let (d, rest) = match rest.first() {
                Some(&c) if c == sep => digits(&rest[1..]),
                _ => return None,
            };
            if !rest.is_empty() {
                return None;
            }
            julian(year, m?.0, d?.0).map(Date::Fixed)
        }
        (Some((first, 1..=2)), Some(&sep @ (b'/' | b'.' | b'-'))) => {
            let (second, rest) = digits(&rest[1..]);
            let (year, rest) = match rest.first() {
                Some(&c) if c == sep => digits(&rest[1..]),
                _ => return None,
            };
            let (second, year) = (second?, year?);
            let year = match year {
                (y, 4) => y,
                (y, 2) => 2000 + y,
                _ => return None,
            };
            if second.1 > 2 || !rest.is_empty() {
                return None;
            }
            if sep == b'.' {
                return julian(year, second.0, first).map(Date::Fixed);
            }
            let day_first = julian(year, second.0, first);
            let month_first = julian(year, first, second.0);
            (day_first.is_some() || month_first.is_some()).then_some(Date::Slash {
                day_first,
                month_first,
            })
        }
        _ => None,
    }
}

/// Whether `time`, what follows a valid `day` in a cell (empty, or from its first
/// `T`, `t` or space), is a time that may follow that day: after an ISO day
/// (`2025-03-14`, `2025/03/14`), `T` or a space then a time and zone; after the
/// others, a space then a 24- or 12-hour time (`3/14/2025 10:22 AM`).
fn time_fits(day: &[u8], time: &[u8]) -> bool {
    let Some((&first, rest)) = time.split_first() else {
        return true;
    };
    let iso = day.len() > 4
        && day[..4].iter().all(u8::is_ascii_digit)
        && matches!(day[4], b'-' | b'/' | b'.');
    // A comma and a space: ICU's `3/14/2025, 10:22 AM` (Salesforce since Winter '20).
    let (first, rest) = match (first, rest) {
        (b',', [b' ', rest @ ..]) => (b' ', rest),
        _ => (first, rest),
    };
    if iso {
        // A zone, or a 12-hour time (Zoho's `2025-03-14 10:22 AM`).
        matches!(first, b'T' | b't' | b' ') && iso_time(rest) || first == b' ' && clock_time(rest)
    } else {
        first == b' ' && clock_time(rest)
    }
}

/// A time and zone after an ISO day's `T` or space (`10:22:05.5+02:00`, `Z`).
fn iso_time(time: &[u8]) -> bool {
    time.iter().all(|c| {
        matches!(
            c,
            b'0'..=b'9' | b':' | b'.' | b'+' | b'-' | b'Z' | b'z' | b' '
        )
    })
}

/// A 24- or 12-hour time after another day's space (`10:22`, `3:05 PM`).
fn clock_time(time: &[u8]) -> bool {
    time.iter().all(|c| {
        matches!(
            c,
            b'0'..=b'9' | b':' | b'.' | b' ' | b'A' | b'P' | b'M' | b'a' | b'p' | b'm'
        )
    })
}

/// Leading ASCII digits as a number and their count (at most 9 digits).
fn digits(s: &[u8]) -> (Option<(u32, usize)>, &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 9 {
        return (None, &s[n..]);
    }
    let v = s[..n].iter().fold(0u32, |v, &c| v * 10 + (c - b'0') as u32);
    (Some((v, n)), &s[n..])
}

fn julian(year: u32, month: u32, day: u32) -> Option<i32> {
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (1000..=9999).contains(y))?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    Some(date.to_julian_day())
}

/// Reads a yes/no token; empty is no. `None` when the cell is neither.
pub fn parse_flag(raw: &[u8]) -> Option<bool> {
    let s = trim(raw);
    if s.len() > 5 {
        return None;
    }
    let mut lower = [0u8; 5];
    for (l, c) in lower.iter_mut().zip(s) {
        *l = c.to_ascii_lowercase();
    }
    match &lower[..s.len()] {
        b"" | b"no" | b"n" | b"false" | b"0" | b"non" | b"faux" => Some(false),
        b"yes" | b"y" | b"true" | b"1" | b"x" | b"oui" | b"vrai" => Some(true),
        _ => None,
    }
}

/// An event cell (`contacted`, `meeting`, …): a yes/no token or a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub happened: bool,
    pub date: Option<Date>,
}

/// The longest day a [`DateMemo`] keeps (`2025-03-14`, `14/03/2025` fit).
const MEMO_KEY: usize = 16;
/// How many distinct days a [`DateMemo`] holds at once (a power of two).
const MEMO_SLOTS: usize = 4096;

/// Dates repeat: a million leads share a few hundred days, so each day is read once.
/// A cell's day (what comes before a time: `T`, `t` or a space) is the key, since
/// exports give each lead its own time (`2025-03-14 10:22:05`) but not its own
/// day; the time is only checked, as [`parse_date`] checks it. A direct-mapped
/// cache: a miss reads the day and takes the slot. One allocation per file, none
/// per row.
pub struct DateMemo {
    /// Per slot: the day's length + 1 (0: empty), the day, the date read.
    slots: Vec<(u8, [u8; MEMO_KEY], Option<Date>)>,
}

impl Default for DateMemo {
    fn default() -> DateMemo {
        DateMemo {
            slots: vec![(0, [0; MEMO_KEY], None); MEMO_SLOTS],
        }
    }
}

impl DateMemo {
    /// [`parse_date`], each day remembered.
    pub fn date(&mut self, raw: &[u8]) -> Option<Date> {
        let raw = trim(raw);
        let (day, time) = split_time(raw);
        if day.is_empty() || day.len() > MEMO_KEY {
            return parse_date(raw);
        }
        // FNV-1a over a few bytes: cheaper than reading the date again.
        let h = day.iter().fold(0x811c_9dc5u32, |h, &b| {
            (h ^ b as u32).wrapping_mul(0x0100_0193)
        });
        let slot = &mut self.slots[(h ^ (h >> 16)) as usize & (MEMO_SLOTS - 1)];
        let date = if slot.0 as usize == day.len() + 1 && &slot.1[..day.len()] == day {
            slot.2
        } else {
            let date = parse_day(day);
            slot.0 = (day.len() + 1) as u8;
            slot.1[..day.len()].copy_from_slice(day);
            slot.2 = date;
            date
        };
        match date {
            Some(date) => Some(date).filter(|_| time_fits(day, time)),
            // A named month's (`Mar 14, 2025`): rare, read each time.
            None => parse_named(raw),
        }
    }

    /// An event cell: yes/no, or a date (yes, on that day); dates remembered.
    pub fn event(&mut self, raw: &[u8]) -> Result<Event, Problem> {
        if let Some(happened) = parse_flag(raw) {
            return Ok(Event {
                happened,
                date: None,
            });
        }
        match self.date(raw) {
            Some(date) => Ok(Event {
                happened: true,
                date: Some(date),
            }),
            None => Err(Problem::NotYesNoOrDate),
        }
    }
}

/// The stage and status values of contract §2b (normalised), with those of the
/// tools' default pipelines the fixtures of `tests/fixtures/crm/` come from
/// (Salesforce's and Zoho CRM's opportunity stages, HubSpot's French labels).
/// Anything else is a new lead. A table, not a `match`: less code in the page, and
/// each distinct value is read once per file (the importer caches it).
const STAGE_VALUES: &[(&str, Stage)] = &[
    ("customer", Stage::Converted),
    ("client", Stage::Converted),
    ("evangelist", Stage::Converted),
    ("evangeliste", Stage::Converted),
    ("won", Stage::Converted),
    ("closed won", Stage::Converted),
    ("closedwon", Stage::Converted),
    ("converted", Stage::Converted),
    ("closed converted", Stage::Converted),
    ("converti", Stage::Converted),
    ("gagne", Stage::Converted),
    ("gagnee", Stage::Converted),
    ("conclu gagne", Stage::Converted),
    ("conclue gagnee", Stage::Converted),
    ("ferme gagne", Stage::Converted),
    ("fermee gagnee", Stage::Converted),
    ("lost", Stage::Lost),
    ("closed lost", Stage::Lost),
    ("closedlost", Stage::Lost),
    ("closed not converted", Stage::Lost),
    ("lost lead", Stage::Lost),
    ("junk lead", Stage::Lost),
    ("not qualified", Stage::Lost),
    ("unqualified", Stage::Lost),
    ("disqualified", Stage::Lost),
    ("abandoned", Stage::Lost),
    ("abandonne", Stage::Lost),
    ("perdu", Stage::Lost),
    ("perdue", Stage::Lost),
    ("conclu perdu", Stage::Lost),
    ("conclue perdue", Stage::Lost),
    ("ferme perdu", Stage::Lost),
    ("fermee perdue", Stage::Lost),
    ("non qualifie", Stage::Lost),
    ("closed lost to competition", Stage::Lost),
    ("qualified", Stage::Qualified),
    ("qualified to buy", Stage::Qualified),
    ("qualifiedtobuy", Stage::Qualified),
    ("pre qualified", Stage::Qualified),
    ("qualifie", Stage::Qualified),
    ("sql", Stage::Qualified),
    ("salesqualifiedlead", Stage::Qualified),
    ("sales qualified lead", Stage::Qualified),
    ("opportunity", Stage::Qualified),
    ("opportunite", Stage::Qualified),
    ("presentation scheduled", Stage::Qualified),
    ("presentationscheduled", Stage::Qualified),
    ("decision maker bought in", Stage::Qualified),
    ("decisionmakerboughtin", Stage::Qualified),
    ("contract sent", Stage::Qualified),
    ("contractsent", Stage::Qualified),
    ("proposal made", Stage::Qualified),
    ("negotiations started", Stage::Qualified),
    ("proposition faite", Stage::Qualified),
    ("negociation", Stage::Qualified),
    ("negociations commencees", Stage::Qualified),
    ("needs analysis", Stage::Qualified),
    ("value proposition", Stage::Qualified),
    ("id decision makers", Stage::Qualified),
    ("identify decision makers", Stage::Qualified),
    ("perception analysis", Stage::Qualified),
    ("proposal price quote", Stage::Qualified),
    ("negotiation review", Stage::Qualified),
    ("qualifie pour l achat", Stage::Qualified),
    ("presentation planifiee", Stage::Qualified),
    ("decideur implique", Stage::Qualified),
    ("contrat envoye", Stage::Qualified),
    ("lead qualifie pour la vente", Stage::Qualified),
    ("meeting", Stage::Meeting),
    ("rendez vous", Stage::Meeting),
    ("rdv", Stage::Meeting),
    ("appointment scheduled", Stage::Meeting),
    ("appointmentscheduled", Stage::Meeting),
    ("demo scheduled", Stage::Meeting),
    ("demo planifiee", Stage::Meeting),
    ("rendez vous planifie", Stage::Meeting),
    ("rendez vous programme", Stage::Meeting),
    ("contacted", Stage::Contacted),
    ("working contacted", Stage::Contacted),
    ("contacte", Stage::Contacted),
    ("contact made", Stage::Contacted),
    ("contact etabli", Stage::Contacted),
    ("attempted to contact", Stage::Contacted),
    ("contact in future", Stage::Contacted),
    ("connected", Stage::Contacted),
    ("in progress", Stage::Contacted),
    ("en cours", Stage::Contacted),
];

/// Where a lead stands in the funnel, from a CRM's stage or status column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    New,
    Contacted,
    Meeting,
    Qualified,
    Converted,
    Lost,
}

impl Stage {
    /// Reads a stage value, any case or accents.
    pub fn parse(raw: &[u8]) -> Stage {
        let find = |n: &str| STAGE_VALUES.iter().find(|(v, _)| *v == n).map(|&(_, s)| s);
        let text = cell_text(raw);
        if let Some(stage) = find(&normalise(&text)) {
            return stage;
        }
        // A stage of one of several pipelines, as HubSpot exports it, or numbered as
        // teams number theirs: "Closed Won (Sales Pipeline)", "5. Closed Won".
        let mut bare = text.trim();
        if let Some(open) = bare.rfind('(').filter(|_| bare.ends_with(')')) {
            bare = bare[..open].trim_end();
        }
        let n = normalise(bare);
        let unnumbered = match n.split_once(' ') {
            Some((number, rest))
                if number.len() <= 3 && number.bytes().all(|b| b.is_ascii_digit()) =>
            {
                rest
            }
            _ => &n,
        };
        find(unnumbered).unwrap_or(Stage::New)
    }

    /// The stage as one bit of a set: a lead with two stage columns can be both
    /// qualified and lost.
    pub fn bit(self) -> u8 {
        1 << self as u8
    }
}

pub fn is_total_label(raw: &[u8]) -> bool {
    let raw = trim(raw);
    may_name_a_total(raw) && names_a_total(raw)
}

/// Whether a trimmed cell may name a total, by its first letter: each label starts
/// (past punctuation) with t, s or g, so most names are told apart without a
/// normalised copy.
#[inline]
pub fn may_name_a_total(raw: &[u8]) -> bool {
    match raw.first() {
        Some(b) if b.is_ascii_alphanumeric() => {
            matches!(b.to_ascii_lowercase(), b't' | b's' | b'g')
        }
        _ => {
            let first = raw
                .iter()
                .find(|b| !b.is_ascii() || b.is_ascii_alphanumeric());
            !first.is_some_and(|b| {
                b.is_ascii() && !matches!(b.to_ascii_lowercase(), b't' | b's' | b'g')
            })
        }
    }
}

/// The total rows' names, normalised: the contract's (§2), a report's subtotals, and
/// Salesforce's plural "Grand Totals".
const TOTAL_LABELS: [&str; 10] = [
    "total",
    "totals",
    "sum",
    "grand total",
    "grand totals",
    "total general",
    "somme",
    "subtotal",
    "sub total",
    "sous total",
];

/// The rule itself: the trimmed label, normalised, is one of the total rows' names,
/// maybe followed by a count in brackets, as a report writes it ("Grand Totals (57
/// records)", "Total (3)").
fn names_a_total(raw: &[u8]) -> bool {
    let mut raw = trim(raw);
    if let Some(open) = raw.iter().rposition(|&b| b == b'(') {
        let counted = raw.get(open + 1).is_some_and(u8::is_ascii_digit) && raw.ends_with(b")");
        if counted && open > 0 {
            raw = trim(&raw[..open]);
        }
    }
    if raw.len() > 16 {
        return false;
    }
    if !raw.is_ascii() {
        return TOTAL_LABELS.contains(&normalise(&cell_str(raw)).as_str());
    }
    // ASCII, as `normalise` does it, on the stack: a total is looked for in every
    // row's first cell.
    let mut out = [0u8; 16];
    let mut len = 0;
    let mut gap = false;
    for &b in raw {
        if !b.is_ascii_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && len > 0 {
            out[len] = b' ';
            len += 1;
        }
        gap = false;
        out[len] = b.to_ascii_lowercase();
        len += 1;
    }
    TOTAL_LABELS.iter().any(|l| l.as_bytes() == &out[..len])
}

/// A report's total row, wherever its label: a first non-empty cell naming a total
/// ([`is_total_label`]) and nothing else but numbers (a sum, a percentage) or empty
/// cells. A lead whose first column holds an account called "Total" has a stage, a
/// date or a name beside it.
pub fn is_total_row(record: &super::records::Record<'_>, comma_delimited: bool) -> bool {
    let mut cells = record.iter().map(trim).skip_while(|c| c.is_empty());
    record.len() > 1
        && cells.next().is_some_and(is_total_label)
        && cells.all(|cell| {
            let cell = cell.strip_suffix(b"%").unwrap_or(cell);
            cell.is_empty() || parse_number(cell, comma_delimited).is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text as `normalise` reads it one char at a time (its ASCII path is held to it).
    fn normalise_by_chars(s: &str) -> String {
        let mut out = String::new();
        let mut gap = false;
        for c in s.chars() {
            let folded = fold_accent(c);
            if folded.is_empty() {
                gap = true;
                continue;
            }
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push_str(folded);
        }
        out
    }

    #[test]
    fn ascii_text_normalises_as_by_chars() {
        let mut seed = 12345u64;
        for _ in 0..20_000 {
            let len = (seed >> 60) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from((seed >> 57) as u8)
                })
                .collect();
            assert_eq!(normalise(&text), normalise_by_chars(&text), "{text:?}");
        }
        assert_eq!(normalise("  Contact 12 -- Ann_LEE! "), "contact 12 ann lee");
    }

    /// The memo answers what `parse_date` answers, hits, misses and collisions
    /// alike (thousands of distinct days through its 4,096 slots, twice).
    #[test]
    fn remembered_dates_are_the_dates() {
        let mut texts: Vec<String> = Vec::new();
        for day in 0..3000u32 {
            let (y, m, d) = (2018 + day / 372, 1 + (day / 31) % 12, 1 + day % 31);
            texts.push(format!("{y}-{m:02}-{d:02}"));
            texts.push(format!("{d}/{m}/{y}"));
            texts.push(format!(" {d:02}.{m:02}.{y} "));
            texts.push(format!("{y}-{m:02}-{d:02}T10:22:05Z"));
        }
        texts.push("not a date".into());
        texts.push("Mar 14, 2025".into());
        texts.push("Mar 15, 2025 10:00 AM".into());
        texts.push("3/14/2025, 10:22 AM".into());
        texts.push("14-03-2025".into());
        texts.push("3/14/25 10:22".into());
        texts.push("2025.03.14".into());
        texts.push("2025-03-14 10:22 AM".into());
        texts.push("Friday, March 14, 2025".into());
        texts.push("2025-03-14 10:22:05 and a very long tail".into());
        let mut memo = DateMemo::default();
        for _ in 0..2 {
            for t in texts.iter().rev() {
                assert_eq!(memo.date(t.as_bytes()), parse_date(t.as_bytes()), "{t}");
            }
        }
    }

    /// Days remembered apart from their times answer what `parse_date` answers, for
    /// random texts over the bytes that matter to either (a few days, many times).
    #[test]
    fn remembered_days_with_any_time_are_the_dates() {
        const DAYS: [&str; 10] = [
            "14-03-2025",
            "2025.03.14",
            "2025-03-14",
            "2025/3/4",
            "14/03/2025",
            "3/14/2025",
            "14.03.2025",
            "2025-02-30",
            "1/1/25",
            "12025-01-01",
        ];
        const BYTES: &[u8] = b"0123456789:.+-/ TtZzAPMapmx";
        let mut next = crate::hash::xorshift(0x2545_f491_4f6c_dd1du64);
        let mut memo = DateMemo::default();
        for case in 0..20_000 {
            let mut text = DAYS[(next() % DAYS.len() as u64) as usize]
                .as_bytes()
                .to_vec();
            if next() % 4 == 0 {
                text.clear();
            }
            for _ in 0..next() % 12 {
                text.push(BYTES[(next() % BYTES.len() as u64) as usize]);
            }
            assert_eq!(
                memo.date(&text),
                parse_date(&text),
                "case {case}: {:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn normalises_headers() {
        assert_eq!(normalise("  Coût total (€) "), "cout total");
        assert_eq!(normalise("Chiffre d'affaires"), "chiffre d affaires");
        assert_eq!(normalise("Deal - Won time"), "deal won time");
        assert_eq!(normalise("RENDEZ-VOUS"), "rendez vous");
        assert_eq!(
            normalise("Durée moyenne du cycle (jours)"),
            "duree moyenne du cycle jours"
        );
        assert_eq!(normalise("Œuvre_Été"), "oeuvre ete");
        assert_eq!(normalise("ÉTAPE « Statut »"), "etape statut");
        assert_eq!(normalise("Кампания – 2025"), "Кампания 2025");
    }

    fn check(raw: &str, comma: bool, expect: Result<f64, Problem>) {
        assert_eq!(parse_number(raw.as_bytes(), comma), expect, "{raw:?}");
    }

    #[test]
    fn numbers_in_every_form() {
        let ok = |raw, v| check(raw, false, Ok(v));
        ok("1234.5", 1234.5);
        ok("1,234.50", 1234.5);
        ok("1 234,50", 1234.5);
        ok("1.234,50", 1234.5);
        ok("1'234.50", 1234.5);
        ok("1\u{a0}234,50\u{a0}€", 1234.5);
        ok("1\u{202f}234,50 €", 1234.5);
        ok("€1,234.56", 1234.56);
        ok("$ 12", 12.0);
        ok("£7.5", 7.5);
        ok("EUR 1 234", 1234.0);
        ok("1234 USD", 1234.0);
        ok("-12,5", -12.5);
        ok("+3", 3.0);
        ok("1.234.567", 1_234_567.0);
        ok("1,234,567", 1_234_567.0);
        ok("1.5e3", 1500.0);
        ok("-0", 0.0);
        ok("  42 ", 42.0);
        // A lone comma followed by three digits: grouping in a comma file only.
        check("1,234", true, Ok(1234.0));
        check("1,234", false, Ok(1.234));
        check("1,5", true, Ok(1.5));
        // Windows-1252 bytes: euro sign and no-break space.
        assert_eq!(parse_number(b"1\xa0234,5 \x80", false), Ok(1234.5));
        // Currencies as CRM reports and Excel write them in other countries.
        ok("R$ 1.234,56", 1234.56);
        ok("US$1,234.00", 1234.0);
        ok("CA$ 12.50", 12.5);
        ok("Rs. 1,234.00", 1234.0);
        ok("₹1,234.00", 1234.0);
        check("¥1,234", true, Ok(1234.0));
        check("₩ 15,000", true, Ok(15000.0));
        ok("1 234,50 kr", 1234.5);
        ok("kr 1 234,50", 1234.5);
        ok("1 234,50 zł", 1234.5);
        ok("1 234 Kč", 1234.0);
        ok("Fr. 1'234.50", 1234.5);
        ok("BRL 1.234,56", 1234.56);
        ok("1.234,56 TRY", 1234.56);
        // Excel's accounting negative.
        ok("(1,234.50)", -1234.5);
        ok("($1,234.50)", -1234.5);
        ok("( 12 )", -12.0);
        assert_eq!(parse_number(b"\xa51,234", true), Ok(1234.0));
    }

    #[test]
    fn not_numbers() {
        for bad in [
            "",
            "abc",
            "12abc",
            "1.2.3,4,5",
            "NaN",
            "inf",
            "∞",
            "1-2",
            "--1",
            "12 EURO",
            "e5",
            "1,2,3.4.5",
            "€",
            "1e",
            "12abc",
            "EUR",
            "USD12EUR",
            "1 2 EUR x",
            "(-5)",
            "(5",
            "()",
            "Rs",
            "R$",
            "kr12kr",
            "Krone 12",
            "12 krs",
            "R$ R$ 1",
        ] {
            assert!(parse_number(bad.as_bytes(), false).is_err(), "{bad:?}");
        }
        assert_eq!(parse_number(b"1e999", false), Err(Problem::TooLarge));
        let forty = "1234567890123456789012345678901234567890";
        assert_eq!(
            parse_input(forty.as_bytes(), InputKind::Count, false),
            Err(Problem::TooLarge)
        );
        assert_eq!(
            parse_input(b"1e308", InputKind::Money, false),
            Err(Problem::TooLarge)
        );
        assert_eq!(
            parse_input(b"-3", InputKind::Count, false),
            Err(Problem::Negative)
        );
        assert_eq!(
            parse_input(b"2.5", InputKind::Count, false),
            Err(Problem::NotWholeNumber)
        );
        // Whole or not, to the last fraction a count can show.
        for v in [
            0.0f64,
            0.5,
            1.0,
            1.5,
            2.5,
            1e-9,
            7.000_001,
            999_999_999_999.5,
            1e12,
            1e12 - 1.0,
        ] {
            let whole = v.fract() == 0.0;
            assert_eq!(
                check_kind(v, InputKind::Count),
                if whole {
                    Ok(v)
                } else {
                    Err(Problem::NotWholeNumber)
                },
                "{v}"
            );
        }
        assert_eq!(parse_input(b"-3", InputKind::SignedMoney, false), Ok(-3.0));
        assert_eq!(
            parse_input(b"-3", InputKind::Money, false),
            Err(Problem::Negative)
        );
        let long = "9".repeat(200);
        assert_eq!(parse_number(long.as_bytes(), false), Err(Problem::TooLarge));
    }

    fn jd(y: i32, m: u8, d: u8) -> i32 {
        time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d)
            .unwrap()
            .to_julian_day()
    }

    #[test]
    fn dates_in_every_form() {
        let fixed =
            |raw: &str, v| assert_eq!(parse_date(raw.as_bytes()), Some(Date::Fixed(v)), "{raw}");
        fixed("2025-03-14", jd(2025, 3, 14));
        fixed("2025-03-14T10:22:00Z", jd(2025, 3, 14));
        fixed("2025-03-14 10:22", jd(2025, 3, 14));
        fixed("2025/03/14", jd(2025, 3, 14));
        fixed("14.03.2025", jd(2025, 3, 14));
        assert_eq!(
            parse_date(b"14/03/2025"),
            Some(Date::Slash {
                day_first: Some(jd(2025, 3, 14)),
                month_first: None
            })
        );
        let both = parse_date(b"04/03/2025").unwrap();
        assert!(both.is_ambiguous());
        assert_eq!(both.read(false), jd(2025, 3, 4));
        assert_eq!(both.read(true), jd(2025, 4, 3));
        let us = parse_date(b"3/25/2025").unwrap();
        assert_eq!(us.read(false), jd(2025, 3, 25));
        assert!(!parse_date(b"05/05/2025").unwrap().is_ambiguous());
        // ICU's comma before the time (Salesforce), a month named in either language.
        assert_eq!(
            parse_date(b"3/14/2025, 10:22 AM").map(|d| d.read(false)),
            Some(jd(2025, 3, 14))
        );
        fixed("14.03.2025, 10:22", jd(2025, 3, 14));
        fixed("2025-03-14, 10:22", jd(2025, 3, 14));
        fixed("Mar 14, 2025", jd(2025, 3, 14));
        fixed("March 14, 2025 9:15 AM", jd(2025, 3, 14));
        fixed("Jan 6, 2025, 09:15:00 PM", jd(2025, 1, 6));
        fixed("14 Mar 2025", jd(2025, 3, 14));
        fixed("14-Mar-2025", jd(2025, 3, 14));
        fixed("14-Mar-25", jd(2025, 3, 14));
        fixed("14 févr. 2025", jd(2025, 2, 14));
        fixed("1 août 2025 14:30", jd(2025, 8, 1));
        // Dashed day-month-year (Zoho, Dutch Salesforce), read as a slash date.
        let dashed = parse_date(b"14-03-2025").unwrap();
        assert_eq!(dashed, parse_date(b"14/03/2025").unwrap());
        assert_eq!(
            parse_date(b"03-14-2025 10:22").unwrap().read(false),
            jd(2025, 3, 14)
        );
        assert!(parse_date(b"04-03-2025").unwrap().is_ambiguous());
        // Two-digit years (a CSV saved by Excel in the US: `m/d/yy`).
        assert_eq!(parse_date(b"3/14/25").unwrap().read(true), jd(2025, 3, 14));
        assert_eq!(
            parse_date(b"14/03/25").unwrap().read(false),
            jd(2025, 3, 14)
        );
        assert_eq!(
            parse_date(b"3/14/25, 10:22 AM").unwrap().read(true),
            jd(2025, 3, 14)
        );
        fixed("14.03.25", jd(2025, 3, 14));
        // Year first with dots, a 12-hour time after an ISO day (Zoho).
        fixed("2025.03.14", jd(2025, 3, 14));
        fixed("2025-03-14 10:22 AM", jd(2025, 3, 14));
        // Excel's long date, its weekday first; ordinal days.
        fixed("Friday, March 14, 2025", jd(2025, 3, 14));
        fixed("ven. 14 mars 2025", jd(2025, 3, 14));
        fixed("mar. 11 mars 2025 10:00", jd(2025, 3, 11));
        fixed("March 14th, 2025", jd(2025, 3, 14));
        fixed("1er mars 2025", jd(2025, 3, 1));
        for bad in [
            "3/14/2025,10:22",
            "Mar 32, 2025",
            "Mar 14",
            "March 2025",
            "Web 14 2025",
            "Mar 14, 2025 and more",
            "14 Mar 123",
            "2025-02-30",
            "2025-13-01",
            "32/01/2025",
            "14/13/2025x",
            "13/13/2025",
            "2025-03",
            "yesterday",
            "14/03/2025x",
            "14-03-20255",
            "1-2-3",
            "14/03/025",
            "2025.03",
            "Fri 32 Mar 2025",
            "Friday",
            "Friday, 2025",
            "Web, March 14, 2025",
            "",
            "2025-03-14Tnoon",
            "99999999999-01-01",
        ] {
            assert_eq!(parse_date(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn flags_and_events() {
        for yes in ["yes", "Y", "TRUE", "1", "x", "Oui", "vrai"] {
            assert_eq!(parse_flag(yes.as_bytes()), Some(true), "{yes}");
        }
        for no in ["", " ", "no", "N", "false", "0", "non", "FAUX"] {
            assert_eq!(parse_flag(no.as_bytes()), Some(false), "{no}");
        }
        assert_eq!(parse_flag(b"maybe"), None);
        let mut memo = DateMemo::default();
        assert!(memo.event(b"2025-01-02").unwrap().happened);
        assert_eq!(memo.event(b"soon"), Err(Problem::NotYesNoOrDate));
    }

    #[test]
    fn stages() {
        assert_eq!(Stage::parse(b"Closed Won"), Stage::Converted);
        assert_eq!(Stage::parse(b"closedwon"), Stage::Converted);
        assert_eq!(Stage::parse("Gagné".as_bytes()), Stage::Converted);
        #[cfg(feature = "legacy-encodings")]
        assert_eq!(Stage::parse(b"Gagn\xe9"), Stage::Converted);
        assert_eq!(Stage::parse(b"UNQUALIFIED"), Stage::Lost);
        assert_eq!(Stage::parse("Opportunité".as_bytes()), Stage::Qualified);
        assert_eq!(Stage::parse(b"appointmentscheduled"), Stage::Meeting);
        assert_eq!(Stage::parse("Rendez-vous".as_bytes()), Stage::Meeting);
        assert_eq!(Stage::parse(b"In progress"), Stage::Contacted);
        assert_eq!(Stage::parse(b"subscriber"), Stage::New);
        // HubSpot's stages of several pipelines, and numbered stages.
        assert_eq!(
            Stage::parse(b"Closed Won (Sales Pipeline)"),
            Stage::Converted
        );
        assert_eq!(
            Stage::parse(b"Appointment scheduled (Sales Pipeline)"),
            Stage::Meeting
        );
        assert_eq!(
            Stage::parse(b"5. Closed Lost (Sales Pipeline)"),
            Stage::Lost
        );
        assert_eq!(Stage::parse(b"3 - Qualified"), Stage::Qualified);
        assert_eq!(Stage::parse(b"Open (Sales Pipeline)"), Stage::New);
        assert_eq!(Stage::parse(b"2025 won"), Stage::New);
    }

    #[test]
    fn total_rows() {
        assert!(is_total_label(b"Total"));
        assert!(is_total_label("Total général".as_bytes()));
        assert!(is_total_label(b" SUM "));
        assert!(!is_total_label(b"Total reach campaign"));
        // The first-letter shortcut says what the normalised label says.
        let slow = names_a_total;
        for lead in ["", " ", "(", "- ", "«", "1", "É", "\u{2014}"] {
            for word in [
                "Total",
                "totals",
                "SUM",
                "Grand total",
                "Total général",
                "Somme",
                "Contact",
                "tot",
                "Échéance",
                "Ŝum",
            ] {
                for tail in ["", ")", " -", ":", " »", "x"] {
                    let label = format!("{lead}{word}{tail}");
                    assert_eq!(
                        is_total_label(label.as_bytes()),
                        slow(label.as_bytes()),
                        "{label}"
                    );
                }
            }
        }
        assert!(is_total_label(b"(Total)"));
        assert!(is_total_label(b"- GRAND TOTAL -"));
        assert!(!is_total_label(b"Contact 12"));
        assert!(!is_total_label(b"(Contact)"));
        assert!(!is_total_label(b"12 total"));
        // A report's: its count in brackets, subtotals, Salesforce's plural.
        assert!(is_total_label(b"Grand Totals (5700 records)"));
        assert!(is_total_label(b"Total (3)"));
        assert!(is_total_label(b"Subtotal"));
        assert!(is_total_label("Sous-total".as_bytes()));
        assert!(!is_total_label(b"Total (new)"));
        assert!(!is_total_label(b"(12)"));
        assert!(!is_total_label(b"Sum of all fears (2)x"));
    }
}
