//! Times the Excel export of a large generated workbook against a bare rust_xlsxwriter loop writing as many
//! cells: `cargo run --release --example bench_xlsx [TASKS]` (default 5000).

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    match dxplan::xlsx::bench_xlsx(n) {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("エラー: {}", e.message);
            std::process::exit(1);
        }
    }
}
