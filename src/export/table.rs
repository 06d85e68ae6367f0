//! A table of an export with typed cells, written either as a CSV file or as one sheet of an
//! `.xlsx` workbook. The cells keep what they are (a person's text, a number, a day, a time),
//! so the CSV writes each the way spreadsheets read it back, and the workbook stores numbers as
//! numbers and days and times as dates, which sort and filter as such.

use std::borrow::Cow;

use jiff::Zoned;
use jiff::civil::Date;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{BOM, spreadsheet_text};

/// The longest text a workbook cell holds (Excel's limit).
pub const MAX_CELL_TEXT: usize = 32_767;

/// The most rows a sheet holds (Excel's limit), the header included.
pub const MAX_SHEET_ROWS: usize = 1_048_576;

/// One cell of a table, borrowing its text from the records it is made from.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text a person wrote, or a name: in a CSV, text a spreadsheet would run as a formula
    /// gets a leading apostrophe; a workbook stores it as text, which never runs.
    Text(Cow<'a, str>),
    /// A whole number.
    Int(i64),
    /// A number shown with `decimals` digits after the point.
    Decimal(f64, usize),
    Bool(bool),
    /// A day, `YYYY-MM-DD` in a CSV.
    Date(Date),
    /// A time as recorded, in the offset it was recorded with: a CSV writes it as RFC 3339
    /// with that offset, a workbook as the local date and time where it was recorded.
    Time(Cow<'a, Zoned>),
    Empty,
}

impl<'a> Cell<'a> {
    /// A person's or Podium's text.
    pub fn text(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(text.into())
    }

    /// A recorded time.
    pub fn time(time: &'a Zoned) -> Cell<'a> {
        Cell::Time(Cow::Borrowed(time))
    }

    /// A recorded time, kept by the cell.
    pub fn time_owned(time: Zoned) -> Cell<'static> {
        Cell::Time(Cow::Owned(time))
    }

    /// A recorded time, or an empty cell.
    pub fn time_or_empty(time: Option<&'a Zoned>) -> Cell<'a> {
        time.map_or(Cell::Empty, Cell::time)
    }

    pub fn int(value: impl Into<i64>) -> Cell<'a> {
        Cell::Int(value.into())
    }

    /// The cell as a CSV field.
    fn csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(text) => spreadsheet_text(text),
            Cell::Int(value) => Cow::Owned(value.to_string()),
            Cell::Decimal(value, decimals) => Cow::Owned(crate::report::decimal(*value, *decimals)),
            Cell::Bool(true) => Cow::Borrowed("true"),
            Cell::Bool(false) => Cow::Borrowed("false"),
            Cell::Date(day) => Cow::Owned(day.to_string()),
            Cell::Time(time) => Cow::Owned(crate::time::rfc3339(time)),
            Cell::Empty => Cow::Borrowed(""),
        }
    }
}

/// A table: a name (the CSV file's, or the sheet's), a header row, and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    /// The CSV file's name, such as `attendance.csv`.
    pub file: &'static str,
    /// The workbook sheet's name, such as `attendance`.
    pub sheet: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell<'a>>>,
}

impl<'a> Table<'a> {
    pub fn new(file: &'static str, columns: &'static [&'static str]) -> Table<'a> {
        Table {
            file,
            sheet: file.trim_end_matches(".csv"),
            columns,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell<'a>>) {
        self.rows.push(row);
    }

    /// The table as a CSV file: UTF-8 with a byte order mark (without it Excel reads the file
    /// as the local code page and garbles names), a header row, RFC 4180 quoting, CRLF.
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut bytes = Vec::with_capacity(64 * 1024);
        bytes.extend_from_slice(BOM);
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(bytes);
        writer.write_record(self.columns)?;
        let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(self.columns.len());
        for row in &self.rows {
            fields.clear();
            fields.extend(row.iter().map(Cell::csv));
            writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
        }
        writer.into_inner().map_err(|e| e.into_error().into())
    }
}

/// Why a workbook could not be put together.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// A table has more rows than a sheet holds.
    #[error(
        "the {sheet} table has {rows} rows, more than the {MAX_SHEET_ROWS} a spreadsheet sheet holds; export it as CSV instead"
    )]
    TooManyRows { sheet: &'static str, rows: usize },
    /// The writer refused something (a fault in Podium, not in the data).
    #[error("{0}")]
    Writer(#[from] XlsxError),
}

/// The tables as one `.xlsx` workbook: a sheet per table, a bold header row that stays in
/// view when scrolling, typed cells, and columns fitted to their first rows. A text longer
/// than a cell holds is cut, and says so at its end.
pub fn workbook(tables: &[Table<'_>]) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let decimals: Vec<Format> = (0..4)
        .map(|n| {
            Format::new().set_num_format(if n == 0 {
                "0".to_owned()
            } else {
                format!("0.{}", "0".repeat(n))
            })
        })
        .collect();
    for table in tables {
        if table.rows.len() >= MAX_SHEET_ROWS {
            return Err(WorkbookError::TooManyRows {
                sheet: table.sheet,
                rows: table.rows.len(),
            });
        }
        let sheet = book.add_worksheet();
        sheet.set_name(table.sheet)?;
        for (col, name) in (0u16..).zip(table.columns) {
            sheet.write_string_with_format(0, col, *name, &header)?;
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(row, col, fit_cell(text))?;
                    }
                    Cell::Int(value) => {
                        #[allow(clippy::cast_precision_loss)] // ids and counts below 2^53
                        sheet.write_number(row, col, *value as f64)?;
                    }
                    Cell::Decimal(value, places) => {
                        let format = decimals
                            .get(*places)
                            .or_else(|| decimals.last())
                            .unwrap_or(&header);
                        sheet.write_number_with_format(row, col, *value, format)?;
                    }
                    Cell::Bool(value) => {
                        sheet.write_boolean(row, col, *value)?;
                    }
                    Cell::Date(day) => {
                        sheet.write_date_with_format(row, col, day, &date)?;
                    }
                    Cell::Time(local) => {
                        sheet.write_datetime_with_format(row, col, local.datetime(), &time)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        // Fitting reads every cell it is given: the first rows tell the widths well enough.
        sheet.set_autofit_max_row(500);
        sheet.set_autofit_max_width(400);
        sheet.autofit();
    }
    Ok(book.save_to_buffer()?)
}

/// `text` cut to what a workbook cell holds, with a note at the end when cut.
fn fit_cell(text: &str) -> Cow<'_, str> {
    if text.chars().count() <= MAX_CELL_TEXT {
        return Cow::Borrowed(text);
    }
    let note = " […cut: the CSV and JSON exports have the whole text]";
    let keep = MAX_CELL_TEXT - note.chars().count();
    Cow::Owned(text.chars().take(keep).chain(note.chars()).collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn each_cell_is_written_to_a_csv_as_spreadsheets_read_it() {
        let mut table = Table::new("t.csv", &["a", "b", "c", "d", "e", "f", "g", "h"]);
        table.push(vec![
            Cell::text("=1+1"),
            Cell::Int(-3),
            // A half is rounded up, as History and Excel show it.
            Cell::Decimal(40.25, 1),
            Cell::Bool(false),
            Cell::Date(jiff::civil::date(2025, 3, 4)),
            Cell::time_owned(crate::time::parse_rfc3339("2025-03-04T09:00:00+01:00").unwrap()),
            Cell::text("Zoë, \"Z\""),
            Cell::Empty,
        ]);
        let text = String::from_utf8(table.to_csv().unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}a,b,c,d,e,f,g,h\r\n'=1+1,-3,40.3,false,2025-03-04,2025-03-04T09:00:00+01:00,\"Zoë, \"\"Z\"\"\",\r\n"
        );
        assert_eq!(table.sheet, "t");
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_and_says_so() {
        let long = "é".repeat(MAX_CELL_TEXT + 10);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_TEXT);
        assert!(cut.ends_with("have the whole text]"));
        assert_eq!(fit_cell("short"), "short");
    }
}
