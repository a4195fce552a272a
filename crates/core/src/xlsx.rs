//! The `.xlsx` export, by rust_xlsxwriter: typed numeric cells with number formats
//! (Excel then shows them in its user's locale: `1 234,50` in French Excel), bold
//! headers and total, the header row and first column frozen. Text cells are
//! written as strings, never as formulas (no formula injection).

use crate::report::{Cell, Style, Table};

/// The most rows a worksheet holds (Excel's limit), the header included.
pub const MAX_ROWS: usize = 1_048_576;

/// Why a table could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XlsxError {
    /// More rows than a worksheet holds.
    TooManyRows(usize),
    /// The writer's own error, in its words.
    Writer(String),
}

impl std::fmt::Display for XlsxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XlsxError::TooManyRows(n) => {
                write!(f, "{n} rows: a worksheet holds at most {MAX_ROWS}")
            }
            XlsxError::Writer(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for XlsxError {}

fn number_format(style: Style) -> &'static str {
    match style {
        Style::Count => "#,##0",
        Style::Money => "#,##0.00",
        Style::Percent => "0.00%",
        Style::Days => "0.0",
    }
}

/// The table as an `.xlsx` file.
pub fn write(table: &Table) -> Result<Vec<u8>, XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let rows = table.rows.len() + 1;
    if rows > MAX_ROWS {
        return Err(XlsxError::TooManyRows(rows));
    }
    let err = |e: rust_xlsxwriter::XlsxError| XlsxError::Writer(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // A sheet's name: at most 31 characters, none of []:*?/\.
    let name: String = table
        .sheet
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.is_empty() {
        sheet.set_name(&name).map_err(err)?;
    }
    let bold = Format::new().set_bold();
    let styles = [Style::Count, Style::Money, Style::Percent, Style::Days];
    let formats: Vec<(Format, Format)> = styles
        .iter()
        .map(|&s| {
            let f = Format::new().set_num_format(number_format(s));
            (f.clone(), f.set_bold())
        })
        .collect();
    for (c, h) in table.header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(err)?;
    }
    let last = table.rows.len().saturating_sub(1);
    for (r, row) in table.rows.iter().enumerate() {
        let total = r == last;
        let at = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) if total => {
                    sheet
                        .write_string_with_format(at, c, t, &bold)
                        .map_err(err)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(at, c, t).map_err(err)?;
                }
                Cell::Number(v, style) if v.is_finite() => {
                    let i = styles.iter().position(|s| s == style).unwrap_or(0);
                    let (plain, strong) = &formats[i];
                    let value = if *style == Style::Percent {
                        v / 100.0
                    } else {
                        *v
                    };
                    let format = if total { strong } else { plain };
                    sheet
                        .write_number_with_format(at, c, value, format)
                        .map_err(err)?;
                }
                Cell::Number(..) => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(err)?;
    // Fitting the columns reads every cell: only for tables a person scrolls.
    if rows <= 10_000 {
        sheet.autofit();
    }
    workbook.save_to_buffer().map_err(err)
}

#[cfg(all(test, feature = "workbook"))]
mod tests {
    use super::*;
    use crate::kpi::Summary;
    use crate::lang::Lang;
    use calamine::{Data, Reader, Xlsx};

    /// Written, then read back by calamine: numbers stay numbers (rates as
    /// fractions with a percent format), texts stay texts, formulas stay inert.
    #[test]
    fn an_export_reads_back_with_typed_cells() {
        let csv = "campaign,cost,leads,converted,revenue\n=cmd|' /C calc'!A0,5000,200,10,20000\nB,1000,50,1,500\n";
        let import = crate::import::import(csv.as_bytes(), &Default::default()).unwrap();
        let campaigns = import.campaigns();
        let total = Summary::pooled(&campaigns);
        let table = crate::report::export_table(&campaigns, &total, "Campagne", Lang::Fr);
        let bytes = write(&table).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Résultats"]);
        let range = book.worksheet_range("Résultats").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("Campagne".into()));
        assert_eq!(cell(1, 0), Data::String("=cmd|' /C calc'!A0".into()));
        let col = |name: &str| table.header.iter().position(|h| h == name).unwrap() as u32;
        assert_eq!(cell(1, col("Leads")), Data::Float(200.0));
        assert_eq!(
            cell(1, col("Taux de conversion des leads")),
            Data::Float(0.05)
        );
        assert_eq!(cell(3, 0), Data::String("Total".into()));
        assert_eq!(cell(3, col("Coût")), Data::Float(6000.0));
        assert_eq!(cell(2, col("Rendez-vous")), Data::Empty);
    }

    #[test]
    fn too_many_rows_is_an_error_not_a_crash() {
        let table = Table {
            sheet: "x".into(),
            header: vec![],
            rows: vec![vec![]; MAX_ROWS],
        };
        assert_eq!(write(&table), Err(XlsxError::TooManyRows(MAX_ROWS + 1)));
    }
}
