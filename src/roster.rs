//! Reading a roster CSV: a header row; `name` required, `email` and `team` optional.
//!
//! Rosters come out of spreadsheets, so the reader is forgiving where it can be: a byte-order
//! mark, `;` or tab separators, Windows-1252 text, header names in any case ("Full name",
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
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, read_as_windows_1252) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (bytes.iter().map(|&b| windows_1252(b)).collect(), true),
    };
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
        read_as_windows_1252,
        ..RosterImport::default()
    };
    let mut seen: Vec<(String, Option<String>)> = Vec::new();
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
        let key = (
            person.to_lowercase(),
            email.as_ref().map(|e| e.to_lowercase()),
        );
        let duplicate = seen.iter().any(|(n, e)| match (&key.1, e) {
            (Some(a), Some(b)) => a == b,
            _ => *n == key.0,
        });
        if duplicate {
            import.problems.push(RowProblem {
                line,
                message: format!("{person} is listed twice; the second row was left out"),
            });
            continue;
        }
        seen.push(key);
        import.people.push(RosterEntry {
            name: person,
            email,
            team: field(team_col),
            line,
        });
    }
    Ok(import)
}

fn looks_like_email(text: &str) -> bool {
    let mut parts = text.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(user), Some(domain), None) if !user.is_empty() && domain.contains('.') && !text.contains(' ')
    )
}

/// The character a Windows-1252 byte stands for.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}',
        '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}',
        '\u{9D}', '\u{017E}', '\u{0178}',
    ];
    match byte {
        0x80..=0x9F => HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        b => char::from(b),
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
