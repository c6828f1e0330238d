//! The query language's lexer: characters into tokens (parentheses, `OR`, words and phrases,
//! `key:value` items with their spans), and the error every stage reports with its span.

use crate::error::{Error, Result};

/// Every key the language knows, canonical names and aliases.
pub const KEYS: &[&str] = &[
    "date",
    "taken",
    "year",
    "month",
    "before",
    "after",
    "camera",
    "make",
    "model",
    "lens",
    "focal",
    "aperture",
    "f",
    "iso",
    "exposure",
    "shutter",
    "format",
    "is",
    "folder",
    "rating",
    "stars",
    "flag",
    "label",
    "tag",
    "album",
    "has",
    "place",
    "country",
    "region",
    "city",
    "orientation",
    "width",
    "height",
    "mp",
    "size",
    "name",
];

pub(super) fn err(message: impl Into<String>, start: usize, end: usize) -> Error {
    Error::Query {
        message: message.into(),
        start,
        end,
    }
}

/// One value after `key:` (a list has several).
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) quoted: bool,
    /// Written with a leading `=`: the whole value, not a part of it.
    pub(super) exact: bool,
    pub(super) start: usize,
    pub(super) end: usize,
}

#[derive(Debug, Clone)]
pub(super) enum Tok {
    Open(usize),
    Close(usize),
    Or(usize, usize),
    /// `-` right before `(`.
    Minus(usize),
    Word {
        neg: bool,
        text: String,
        phrase: bool,
    },
    Key {
        neg: bool,
        key: String,
        items: Vec<Item>,
    },
}

fn stops_bare(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

pub(super) fn lex(chars: &[char]) -> Result<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                toks.push(Tok::Open(i));
                i += 1;
                continue;
            }
            ')' => {
                toks.push(Tok::Close(i));
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        let mut neg = false;
        if c == '-' {
            match chars.get(i + 1) {
                Some('(') => {
                    toks.push(Tok::Minus(i));
                    i += 1;
                    continue;
                }
                Some(next) if !next.is_whitespace() && *next != ')' => {
                    neg = true;
                    i += 1;
                }
                _ => return Err(err("'-' excludes what follows it: nothing does", i, i + 1)),
            }
        }
        if chars[i] == '"' {
            let (text, end) = quoted(chars, i)?;
            if text.trim().is_empty() {
                return Err(err("empty phrase", start, end));
            }
            toks.push(Tok::Word {
                neg,
                text,
                phrase: true,
            });
            i = end;
            continue;
        }
        // A key is letters followed by ':'.
        let mut j = i;
        while j < n && (chars[j].is_ascii_alphabetic() || chars[j] == '_') {
            j += 1;
        }
        if j > i && j < n && chars[j] == ':' {
            let key: String = chars[i..j].iter().collect::<String>().to_lowercase();
            if !KEYS.contains(&key.as_str()) {
                let hint = nearest_key(&key)
                    .map(|k| format!(" (did you mean {k}:?)"))
                    .unwrap_or_default();
                return Err(err(
                    format!(
                        "unknown key '{key}'{hint}; words with a colon go in quotes: \"{key}:…\""
                    ),
                    i,
                    j + 1,
                ));
            }
            let mut items = Vec::new();
            let mut k = j + 1;
            loop {
                let s = k;
                let exact = k < n && chars[k] == '=';
                if exact {
                    k += 1;
                }
                if k < n && chars[k] == '"' {
                    let (text, end) = quoted(chars, k)?;
                    items.push(Item {
                        text,
                        quoted: true,
                        exact,
                        start: s,
                        end,
                    });
                    k = end;
                } else {
                    let from = k;
                    while k < n && !stops_bare(chars[k]) && chars[k] != ',' {
                        k += 1;
                    }
                    items.push(Item {
                        text: chars[from..k].iter().collect(),
                        quoted: false,
                        exact,
                        start: s,
                        end: k,
                    });
                }
                if let Some(empty) = items.last().filter(|it| it.text.trim().is_empty()) {
                    return Err(err(
                        format!("{key}: needs a value"),
                        start,
                        empty.end.max(j + 1),
                    ));
                }
                if k < n && chars[k] == ',' {
                    k += 1;
                    continue;
                }
                break;
            }
            toks.push(Tok::Key { neg, key, items });
            i = k;
            continue;
        }
        let mut k = i;
        while k < n && !stops_bare(chars[k]) {
            k += 1;
        }
        let text: String = chars[i..k].iter().collect();
        if !neg && text == "OR" {
            toks.push(Tok::Or(start, k));
        } else if !neg && text == "AND" {
            // An explicit AND is what terms side by side mean already.
        } else {
            if !text.chars().any(char::is_alphanumeric) {
                return Err(err(
                    format!("'{text}' has no letters or digits to search for"),
                    start,
                    k,
                ));
            }
            toks.push(Tok::Word {
                neg,
                text,
                phrase: false,
            });
        }
        i = k;
    }
    Ok(toks)
}

/// The text of a quoted run starting at `open`, and the offset after its closing quote.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize)> {
    match chars[open + 1..].iter().position(|c| *c == '"') {
        Some(len) => Ok((
            chars[open + 1..open + 1 + len].iter().collect(),
            open + len + 2,
        )),
        None => Err(err(
            "unbalanced quote: this \" is never closed",
            open,
            chars.len(),
        )),
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn nearest_key(key: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|k| (levenshtein(key, k), k.len().abs_diff(key.len()), *k))
        .filter(|(d, _, k)| *d <= 2.max(k.len() / 3) && *d < key.len().max(1))
        .min()
        .map(|(.., k)| k)
}
