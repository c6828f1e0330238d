//! The query language's parser: tokens (`lex.rs`) of words, `"phrases"`, `-` negation, `key:value` with
//! comparisons, ranges `a..b` and `a,b` lists, `OR` between terms and parentheses, into a
//! [`Query`]. Every mistake is an [`Error::Query`] naming the bad span (character offsets).

use super::lex::{err, lex, Tok};
use super::query::{Expr, Query};
use super::values::condition;
use crate::error::Result;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most terms (words and conditions) in one query.
const MAX_TERMS: usize = 100;
/// The deepest nesting of parentheses.
const MAX_DEPTH: usize = 16;

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    terms: usize,
    len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    /// `and ( OR and )*`.
    fn or(&mut self, depth: usize) -> Result<Option<Expr>> {
        let mut parts = Vec::new();
        let first = self.and(depth)?;
        if let Some(e) = first {
            parts.push(e);
        }
        while let Some(Tok::Or(s, e)) = self.peek() {
            let (s, e) = (*s, *e);
            if parts.is_empty() {
                return Err(err("OR needs a term on each side", s, e));
            }
            self.at += 1;
            match self.and(depth)? {
                Some(next) => parts.push(next),
                None => return Err(err("OR needs a term on each side", s, e)),
            }
        }
        Ok(match parts.len() {
            0 => None,
            _ => Some(Expr::or(parts)),
        })
    }

    fn and(&mut self, depth: usize) -> Result<Option<Expr>> {
        let mut parts = Vec::new();
        while let Some(tok) = self.peek() {
            if matches!(tok, Tok::Or(..) | Tok::Close(_)) {
                break;
            }
            parts.push(self.unary(depth)?);
        }
        Ok(match parts.len() {
            0 => None,
            _ => Some(Expr::and(parts)),
        })
    }

    fn group(&mut self, open: usize, depth: usize) -> Result<Expr> {
        if depth >= MAX_DEPTH {
            return Err(err(
                format!("parentheses nest deeper than {MAX_DEPTH}"),
                open,
                open + 1,
            ));
        }
        let inner = self.or(depth + 1)?;
        match self.peek() {
            Some(Tok::Close(close)) => {
                let close = *close;
                self.at += 1;
                inner.ok_or_else(|| err("empty parentheses", open, close + 1))
            }
            _ => Err(err(
                "unbalanced parenthesis: this ( is never closed",
                open,
                self.len,
            )),
        }
    }

    fn unary(&mut self, depth: usize) -> Result<Expr> {
        let tok = self.toks[self.at].clone();
        self.at += 1;
        match tok {
            Tok::Open(open) => self.group(open, depth),
            Tok::Minus(at) => match self.peek() {
                Some(Tok::Open(open)) => {
                    let open = *open;
                    self.at += 1;
                    Ok(Expr::Not(Box::new(self.group(open, depth)?)))
                }
                _ => Err(err(
                    "'-' excludes what follows it: nothing does",
                    at,
                    at + 1,
                )),
            },
            Tok::Close(at) => Err(err("unbalanced parenthesis: ) without (", at, at + 1)),
            Tok::Or(s, e) => Err(err("OR needs a term on each side", s, e)),
            Tok::Word {
                neg, text, phrase, ..
            } => {
                self.count_term()?;
                let e = Expr::Text { text, phrase };
                Ok(if neg { Expr::Not(Box::new(e)) } else { e })
            }
            Tok::Key {
                neg, key, items, ..
            } => {
                self.count_term()?;
                let mut alternatives = Vec::new();
                for item in &items {
                    alternatives.push(Expr::Cond(condition(&key, item)?));
                }
                let e = Expr::or(alternatives);
                Ok(if neg { Expr::Not(Box::new(e)) } else { e })
            }
        }
    }

    fn count_term(&mut self) -> Result<()> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(err(
                format!("more than {MAX_TERMS} terms in one query"),
                0,
                self.len,
            ));
        }
        Ok(())
    }
}

impl Query {
    /// Parses the query language (see the README's "Find" section).
    pub fn parse(text: &str) -> Result<Query> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_QUERY_CHARS {
            return Err(err(
                format!(
                    "the query is {} characters long; the limit is {MAX_QUERY_CHARS}",
                    chars.len()
                ),
                MAX_QUERY_CHARS,
                chars.len(),
            ));
        }
        let toks = lex(&chars)?;
        let mut parser = Parser {
            toks,
            at: 0,
            terms: 0,
            len: chars.len(),
        };
        let root = parser.or(0)?.unwrap_or(Expr::And(Vec::new()));
        if let Some(tok) = parser.peek() {
            let at = match tok {
                Tok::Close(at) => *at,
                _ => 0,
            };
            return Err(err("unbalanced parenthesis: ) without (", at, at + 1));
        }
        Ok(Query { root })
    }
}
