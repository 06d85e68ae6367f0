//! Reading a roster CSV: a header row; `name` required, `email` and `team` optional.
//!
//! Rosters come out of spreadsheets, so the reader is forgiving where it can be: a byte-order
//! mark, UTF-16 (Excel's "Unicode text"), `;` or tab separators, Windows-1252 text, header names in any case ("Full name",
//! "E-mail", "Department"), blank lines. Each bad row is reported with its line and what is
//! wrong, and the good rows still come in.

use std::path::Path;

/// One person read from a roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub name: String,
    pub email: Option<String>,
    pub team: Option<String>,
    /// The 1-based line in the file, for messages.
    pub line: u64,
}

/// A row that was not taken in, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

/// The people read from a roster, and the rows left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterImport {
    pub people: Vec<RosterEntry>,
    pub problems: Vec<RowProblem>,
    /// Set when the file was not UTF-8 and was read as Windows-1252 (what Excel often saves).
    pub read_as_windows_1252: bool,
    /// Set when the file was UTF-16 (Excel's "Unicode text", tab-separated).
    pub read_as_utf16: bool,
}

/// Why a roster file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("cannot read the roster {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the roster {path} is empty; it needs a header row with a `name` column, then one person per row"
    )]
    Empty { path: String },
    #[error(
        "the roster {path} has no `name` column; its header row is: {header}. Put `name` (and optionally `email`, `team`) in the first row"
    )]
    NoNameColumn { path: String, header: String },
}

/// Reads the roster at `path`.
pub fn read_roster(path: &Path) -> Result<RosterImport, RosterError> {
    let bytes = std::fs::read(path).map_err(|source| RosterError::Unreadable {
        path: path.display().to_string(),
        source,
    })?;
    parse_roster(&bytes, &path.display().to_string())
}

/// Reads roster text; `name` is the file name for messages.
pub fn parse_roster(bytes: &[u8], name: &str) -> Result<RosterImport, RosterError> {
    let (text, encoding) = decode(bytes);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first_line.is_empty() {
        return Err(RosterError::Empty {
            path: name.to_owned(),
        });
    }
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            Some(Ok(record)) if record.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(record)) => break record,
            Some(Err(_)) | None => {
                return Err(RosterError::Empty {
                    path: name.to_owned(),
                });
            }
        }
    };
    let column = |names: &[&str]| {
        header.iter().position(|h| {
            let h = h.trim().to_lowercase().replace(['-', '_'], " ");
            names.contains(&h.as_str())
        })
    };
    let Some(name_col) = column(&["name", "full name", "participant", "person", "attendee"]) else {
        return Err(RosterError::NoNameColumn {
            path: name.to_owned(),
            header: header.iter().collect::<Vec<_>>().join(", "),
        });
    };
    let email_col = column(&["email", "e mail", "email address", "mail"]);
    let team_col = column(&["team", "group", "department", "dept"]);

    let mut import = RosterImport {
        read_as_windows_1252: encoding == Decoded::Windows1252,
        read_as_utf16: encoding == Decoded::Utf16,
        ..RosterImport::default()
    };
    let mut seen = Seen::default();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                import.problems.push(RowProblem {
                    line,
                    message: format!("cannot be read: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(|f| f.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|f| !f.is_empty())
        };
        let Some(person) = field(Some(name_col)) else {
            import.problems.push(RowProblem {
                line,
                message: "has no name; every row needs one in the `name` column".to_owned(),
            });
            continue;
        };
        let mut email = field(email_col);
        if let Some(address) = &email
            && !looks_like_email(address)
        {
            import.problems.push(RowProblem {
                line,
                message: format!(
                    "{person}: \"{address}\" is not an email address; {person} was added without one"
                ),
            });
            email = None;
        }
        if !seen.first_time(&person, email.as_deref()) {
            import.problems.push(RowProblem {
                line,
                message: format!("{person} is listed twice; the second row was left out"),
            });
            continue;
        }
        import.people.push(RosterEntry {
            name: person,
            email,
            team: field(team_col),
            line,
        });
    }
    Ok(import)
}

/// The people read so far, to leave out a second row for the same person: the same email,
/// or (where either row has no email) the same name, ignoring case. Sets, not a list, so a
/// roster of 100,000 rows is checked in one pass.
#[derive(Default)]
struct Seen {
    emails: std::collections::HashSet<String>,
    /// Names of rows with an email, and of rows without one.
    names_with_email: std::collections::HashSet<String>,
    names_without_email: std::collections::HashSet<String>,
}

impl Seen {
    /// Whether this is the first row for this person; remembers them.
    fn first_time(&mut self, name: &str, email: Option<&str>) -> bool {
        let name = name.to_lowercase();
        match email.map(str::to_lowercase) {
            Some(email) => {
                if self.emails.contains(&email) || self.names_without_email.contains(&name) {
                    return false;
                }
                self.emails.insert(email);
                self.names_with_email.insert(name);
            }
            None => {
                if self.names_with_email.contains(&name) || self.names_without_email.contains(&name)
                {
                    return false;
                }
                self.names_without_email.insert(name);
            }
        }
        true
    }
}

fn looks_like_email(text: &str) -> bool {
    let mut parts = text.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(user), Some(domain), None) if !user.is_empty() && domain.contains('.') && !text.contains(' ')
    )
}

/// How the bytes of a roster were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoded {
    Utf8,
    /// UTF-16 with a byte-order mark, little or big endian: Excel's "Unicode text".
    Utf16,
    /// Not UTF-8 and no byte-order mark: what Excel saves as "CSV" on a Western Windows.
    Windows1252,
}

/// The text of a roster file: by its byte-order mark (UTF-8, UTF-16 LE or BE), else UTF-8
/// if it is valid, else Windows-1252.
fn decode(bytes: &[u8]) -> (String, Decoded) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(body);
        let kind = if encoding == encoding_rs::UTF_8 {
            Decoded::Utf8
        } else {
            Decoded::Utf16
        };
        return (text.into_owned(), kind);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), Decoded::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Decoded::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plain_roster() {
        let import = parse_roster(
            b"name,email,team\nAna Ruiz,ana@example.com,North\nBo Chen,,South\n",
            "r.csv",
        )
        .unwrap();
        assert_eq!(import.people.len(), 2);
        assert_eq!(import.people[0].email.as_deref(), Some("ana@example.com"));
        assert_eq!(import.people[1].email, None);
        assert_eq!(import.people[1].team.as_deref(), Some("South"));
        assert_eq!(import.people[1].line, 3);
        assert!(import.problems.is_empty());
    }

    #[test]
    fn odd_rosters_still_come_in_with_each_bad_row_reported() {
        let text = "\u{FEFF}Full Name;E-Mail;Department\n\n\"Zoë, Müller\";zoe@example.com;Nord\n;x@example.com;Süd\nLi Wei;not-an-email;Ost\nzoë, müller;ZOE@example.com;Nord\n  Ravi   Patel  \n";
        let import = parse_roster(text.as_bytes(), "r.csv").unwrap();
        let names: Vec<&str> = import.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["Zoë, Müller", "Li Wei", "Ravi Patel"]);
        let lines: Vec<u64> = import.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![4, 5, 6], "{:#?}", import.problems);
        assert!(import.problems[0].message.contains("no name"));
        assert!(import.problems[1].message.contains("not an email"));
        assert!(import.problems[2].message.contains("listed twice"));
    }

    #[test]
    fn windows_1252_from_excel_is_read() {
        let import = parse_roster(b"name\nJos\xe9 \x93Pepe\x94\n", "r.csv").unwrap();
        assert!(import.read_as_windows_1252);
        assert_eq!(import.people[0].name, "José \u{201C}Pepe\u{201D}");
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn excel_unicode_text_is_read_in_both_byte_orders() {
        let text = "Name\tE-mail\tTeam\r\nZoë Müller\tzoe@example.com\tNord\r\n王小明\t\tЮг\r\nВера Иванова\t\t\r\n";
        for little_endian in [true, false] {
            let import = parse_roster(&utf16(text, little_endian), "r.txt").unwrap();
            assert!(import.read_as_utf16);
            assert!(!import.read_as_windows_1252);
            let names: Vec<&str> = import.people.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, vec!["Zoë Müller", "王小明", "Вера Иванова"]);
            assert_eq!(import.people[0].email.as_deref(), Some("zoe@example.com"));
            assert_eq!(import.people[1].team.as_deref(), Some("Юг"));
            assert!(import.problems.is_empty(), "{:?}", import.problems);
        }
    }

    #[test]
    fn a_roster_without_a_name_column_says_what_to_add() {
        let err = parse_roster(b"first,last\nAna,Ruiz\n", "r.csv").unwrap_err();
        assert!(err.to_string().contains("no `name` column"));
        assert!(err.to_string().contains("first, last"));
        assert!(matches!(
            parse_roster(b"", "r.csv"),
            Err(RosterError::Empty { .. })
        ));
    }
}
