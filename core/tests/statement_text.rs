//! The plain-text statement keeps its columns in line whatever the length of an item id or an
//! amount: every row's cells start where the header's do.

use arrears::charges::{statement, InterestOptions, InterestRule, StatementItem, StatementRules};

fn text(items_json: &str) -> String {
    let items: Vec<StatementItem> = arrears::from_json(items_json).unwrap();
    let rule = InterestRule::fixed("9.12".parse().unwrap());
    let as_of = arrears::parse_date("as_of", "2026-03-31").unwrap();
    statement("ACME", as_of, &items, StatementRules::Rule(&rule, None), &InterestOptions::default(), false)
        .unwrap()
        .to_text()
}

/// The character index where each right-aligned money column ends, in a table row.
fn column_ends(line: &str) -> Vec<usize> {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len()).filter(|&i| chars[i] != ' ' && chars.get(i + 1).is_none_or(|c| *c == ' ')).collect()
}

#[test]
fn long_ids_and_large_amounts_keep_the_columns_in_line() {
    for (id, amount) in [
        ("INV-1", "1000.00"),
        ("INV-2026-5099/1", "1000.00"),
        ("6f9619ff-8b86-d011-b42d-00cf4fc964ff", "123456789012345.67"),
    ] {
        let t = text(&format!(
            r#"[{{"id": "{id}", "currency": "EUR", "amount": "{amount}", "due_date": "2026-01-31"}},
                {{"id": "X", "currency": "EUR", "amount": "5.00", "due_date": "2026-02-28"}}]"#
        ));
        let lines: Vec<&str> = t.lines().collect();
        let head = lines.iter().position(|l| l.starts_with("Item")).unwrap();
        let rows = [lines[head + 1], lines[head + 2]];
        let total = lines.iter().find(|l| l.starts_with("Total")).unwrap();
        let end_of = |word: &str| lines[head].find(word).unwrap() + word.len() - 1;
        let want = ["Principal", "Interest", "Fees", "Total due"].map(end_of).to_vec();
        let ends = |l: &str| {
            let mut e: Vec<usize> = column_ends(l).into_iter().rev().take(4).collect();
            e.reverse();
            e
        };
        for row in rows.iter().chain([total]) {
            assert_eq!(ends(row), want, "{id}:\n{t}");
        }
        assert!(rows[0].starts_with(&format!("{id} ")), "{t}");
        let due_at = lines[head].find("Due").unwrap();
        assert_eq!(rows[0].find("2026-01-31"), Some(due_at), "{t}");
        assert_eq!(rows[1].find("2026-02-28"), Some(due_at), "{t}");
    }
}
