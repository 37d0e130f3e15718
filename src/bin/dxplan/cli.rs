//! The command line's grammar: the clap types of every subcommand, with the Japanese help texts users read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// 自治体DX推進計画ブック（.dxplan）を作成・更新・点検するコマンド
#[derive(Parser)]
#[command(name = "dxplan", version, about, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// 国のテンプレートから新しいブックを作成する
    New {
        /// 作成するブックのファイル（.dxplan）
        file: PathBuf,
        /// 団体名（例: みなと川市）
        #[arg(long)]
        name: String,
        /// 団体コード（6桁、検査数字付き）
        #[arg(long)]
        code: Option<String>,
        /// 既存のファイルを上書きする
        #[arg(long)]
        force: bool,
    },
    /// デモ用ブック（架空の「みなと川市」）を作成する
    Demo {
        file: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// 分野ごとの集計・業務ごとの完了率・遅延行を表示する
    Summary {
        file: PathBuf,
        /// 基準日（YYYY-MM-DD または 令和7年11月20日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// JSONで出力する
        #[arg(long)]
        json: bool,
    },
    /// 会議用レビュー: 遅延・基準計画からのずれ・次回会議までの期限を担当課ごとに表示する
    Review {
        file: PathBuf,
        #[arg(long)]
        today: String,
        /// 次回会議の日
        #[arg(long = "next-meeting")]
        next_meeting: String,
        /// 比較する基準計画の名前（例: 当初計画）
        #[arg(long)]
        baseline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 整合性チェック（SQLiteの完全性と内容の検証）
    Check { file: PathBuf },
    /// 一貫したバックアップを作成する（使用中でも安全）
    Backup { file: PathBuf, dest: PathBuf },
    /// 自動バックアップ（NAME.backups/）の一覧を新しい順に表示する
    Backups { file: PathBuf },
    /// 自動バックアップから復元する（現在の内容もバックアップしてから置き換える）
    Restore {
        file: PathBuf,
        /// バックアップのファイル名（backups で確認）またはパス
        snapshot: PathBuf,
    },
    /// 現在の計画日程を基準計画として保存する
    Baseline {
        file: PathBuf,
        #[arg(long)]
        name: String,
        /// 基準日（省略時は今日）
        #[arg(long)]
        date: Option<String>,
    },
    /// 変更をJSONファイルから一括で適用する（すべて成功するか、何も変えないか）
    Apply {
        file: PathBuf,
        /// 変更のJSON（Edit の配列、または1つの Edit）
        edits: PathBuf,
    },
    /// 工程表の取組内容を操作する
    #[command(subcommand)]
    Task(TaskCommand),
    /// 標準化の作業項目の計画・実績・状態を更新する
    Step(StepArgs),
    /// オンライン化手続の状態・連携方式を更新する
    Procedure(ProcedureArgs),
    /// ベンチマーク: 大規模市のブックを生成して処理時間を表示する
    Bench {
        /// 作業用フォルダ
        #[arg(long, default_value = "out/bench")]
        dir: PathBuf,
        /// 各処理の測定回数（中央値を表示）
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// この部分だけ測る: xlsx（Excel出力）・import（職員・研修記録の取り込み）・rollup（全国1,741団体の集計）・trend（進捗の推移）・inquiry（照会様式の作成と回答の読み込み）
        #[arg(long)]
        only: Option<String>,
    },
    /// 工程表などをファイルに出力する
    #[command(subcommand)]
    Export(ExportCommand),
    /// Excel・CSVから取り込む（既定では1行でも取り込めない行があれば何も変えない）
    #[command(subcommand)]
    Import(ImportCommand),
    /// 複数団体のブックを読み取り専用で集計する（都道府県による市区町村の進捗管理。ファイルは一切変更しない）
    Rollup {
        /// ブック（.dxplan）またはそれを入れたフォルダ（複数可）
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// 基準日（YYYY-MM-DD または 令和7年11月20日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// JSONで出力する
        #[arg(long)]
        json: bool,
        /// Excel（.xlsx）またはPDF（.pdf、A3横）に出力する: 団体×業務の完了率の色分け一覧、特定移行支援、読めなかったファイル
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// 運用経費の平成30年度比（3割削減目標）・補助金の残り・予算を表示する
    Cost {
        file: PathBuf,
        /// 比べる年度（例: 令和8年度、R8、2026）。省略時は令和8年度
        #[arg(long)]
        year: Option<String>,
        /// 金額の単位（円 または 千円）
        #[arg(long)]
        unit: Option<String>,
        /// JSONで出力する
        #[arg(long)]
        json: bool,
    },
    /// 進捗の推移: 月ごとの完了率（計画との比較、業務ごと）・オンライン化の完了件数・年度ごとの研修修了者数
    Trend {
        file: PathBuf,
        /// 最初の日（省略時は進捗の記録の最初の日）
        #[arg(long)]
        from: Option<String>,
        /// 最後の日（省略時は今日）
        #[arg(long)]
        to: Option<String>,
        /// JSONで出力する
        #[arg(long)]
        json: bool,
    },
    /// 会議の指摘事項・宿題を登録・完了・一覧する（次の会議レビューで「前回の宿題」として出る）
    #[command(subcommand)]
    Action(ActionCommand),
    /// 照会・回答: 課ごとの進捗照会のExcelを作成し、返ってきた回答をまとめて取り込む
    #[command(subcommand)]
    Inquiry(InquiryCommand),
}

#[derive(Subcommand)]
pub enum ActionCommand {
    /// 宿題を登録する
    Add {
        file: PathBuf,
        /// 指摘事項・宿題の内容
        #[arg(long)]
        text: String,
        /// 会議日（省略時は今日）
        #[arg(long)]
        on: Option<String>,
        /// 担当課
        #[arg(long)]
        owner: Option<String>,
        /// 期限
        #[arg(long)]
        due: Option<String>,
        /// 対象の行（task:番号・step:番号・procedure:番号）
        #[arg(long)]
        about: Option<String>,
    },
    /// 宿題を完了にする
    Close {
        file: PathBuf,
        id: i64,
        /// 完了日（省略時は今日）
        #[arg(long)]
        on: Option<String>,
        /// 対応状況
        #[arg(long)]
        note: Option<String>,
    },
    /// 宿題の一覧
    List {
        file: PathBuf,
        /// JSONで出力する
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum InquiryCommand {
    /// 照会をブックに記録し、課ごとの照会様式（.xlsx）をフォルダに書き出す
    New {
        file: PathBuf,
        /// 照会名（例: 令和7年12月 進捗照会）
        #[arg(long)]
        name: String,
        /// 基準日（この日時点の状況を尋ねる）
        #[arg(long = "as-of")]
        as_of: String,
        /// 回答期限
        #[arg(long)]
        due: String,
        /// 照会する課（カンマ区切り。省略時は行を担当するすべての課）
        #[arg(long, value_delimiter = ',')]
        units: Option<Vec<String>>,
        /// 書き出すフォルダ
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// 返ってきた回答（.xlsx、フォルダ可、複数可）をまとめて読み、変更・競合・未回答の課を示して取り込む
    Import {
        file: PathBuf,
        /// 回答ファイルまたはそれを入れたフォルダ
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// 取り込む照会の名前（省略時は最新の照会）
        #[arg(long)]
        round: Option<String>,
        /// 競合の扱い: answer（回答を採る）・workbook（ブックの値を残す）。省略時は競合する行を取り込まない
        #[arg(long)]
        prefer: Option<String>,
        /// 二つの課の回答が食い違う行は、この課の回答を採る（複数可）
        #[arg(long)]
        take: Vec<String>,
        /// 取り込む内容を表示するだけで、ブックは変えない
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// PDF（A3/A4横）に出力する: 工程表・標準化・研修・推進体制・議会報告用一式
    Pdf {
        file: PathBuf,
        /// 出力するPDFファイル
        #[arg(short = 'o', long)]
        out: PathBuf,
        /// roadmap（工程表）・migration（標準化・オンライン化）・training（研修）・org（推進体制図）・council（議会報告用一式）・meeting（会議資料）
        #[arg(long, default_value = "council")]
        view: String,
        /// 用紙（A3 または A4、横）。省略時は A3（会議資料は A4）
        #[arg(long)]
        paper: Option<String>,
        /// 表示期間の最初の日（省略時は計画期間）
        #[arg(long)]
        from: Option<String>,
        /// 表示期間の最後の日
        #[arg(long)]
        to: Option<String>,
        /// 目盛り（年度・四半期・月）
        #[arg(long)]
        scale: Option<String>,
        /// 基準日（今日の線・遅延の判定・作成日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// 比較する基準計画の名前（省略時は最新）
        #[arg(long)]
        baseline: Option<String>,
        /// 会議資料（--view meeting）の次回会議の日。会議日は --today
        #[arg(long = "next-meeting")]
        next_meeting: Option<String>,
        /// 各ページ右上の機密性表示（例: 機密性2）
        #[arg(long)]
        confidential: Option<String>,
        /// 推進体制図に役職者の氏名を出す（省略時は役職名のみ）
        #[arg(long)]
        personal: bool,
        /// 工程表にクリティカルパスを紫の枠で示す。値はマイルストーンの名前かID（省略時は最後に終わる作業まで）
        #[arg(long = "critical-path", num_args = 0..=1, default_missing_value = "", value_name = "MILESTONE")]
        critical_path: Option<String>,
        /// 議会報告の「経費と補助金」の金額の単位: 円 または 千円（省略時は円。千円は千円未満を四捨五入）
        #[arg(long)]
        unit: Option<String>,
    },
    /// Excel（.xlsx）に出力する: 工程表・移行計画・オンライン化・研修計画・推進体制・データ
    Xlsx {
        file: PathBuf,
        /// 出力するExcelファイル
        #[arg(short = 'o', long)]
        out: PathBuf,
        /// 月の列の最初の月（省略時は計画期間）
        #[arg(long)]
        from: Option<String>,
        /// 月の列の最後の月
        #[arg(long)]
        to: Option<String>,
        /// 基準日（今月の強調・遅延の判定・作成日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// 工程表で比較する基準計画の名前
        #[arg(long)]
        baseline: Option<String>,
        /// 研修計画に職員の氏名を出す（省略時は職位ごとの人数のみ）
        #[arg(long)]
        personal: bool,
        /// 経費シートの金額の単位: 円 または 千円（省略時は円。千円はセルの表示形式で、値は円のまま）
        #[arg(long)]
        unit: Option<String>,
    },
    /// 国の進捗調査用: 業務ごとの完了済み・作業中・未着手・対象外と完了率、特定移行支援の事由と移行期限（.xlsx または .csv）
    National {
        file: PathBuf,
        /// 出力するファイル（拡張子 .xlsx または .csv）
        #[arg(short = 'o', long)]
        out: PathBuf,
        /// 作成日（省略時は今日）
        #[arg(long)]
        today: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// dxplanが出力したExcelの「データ」シート、または一般的な工程表のExcelを取り込む
    Xlsx {
        file: PathBuf,
        input: PathBuf,
        /// 取り込む内容を表示するだけで、ブックは変えない
        #[arg(long = "dry-run")]
        dry_run: bool,
        /// 取り込めない行を飛ばして残りを取り込む
        #[arg(long = "accept-partial")]
        accept_partial: bool,
    },
    /// 人事システムの職員一覧CSVを取り込む（職員番号で照合して追加・更新）
    Staff {
        file: PathBuf,
        input: PathBuf,
        /// 文字コード: sjis または utf8（省略時は自動判別）
        #[arg(long)]
        encoding: Option<String>,
        /// 列の指定（見出しの推測が違うとき）: 項目=見出し をカンマで区切る。例: 職員番号=社員コード,職位=（空: 読まない）
        #[arg(long)]
        map: Option<String>,
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long = "accept-partial")]
        accept_partial: bool,
    },
    /// 研修の受講記録（CSV・Excel: 職員番号・研修・年度または受講日・状況）を取り込む（職員番号・研修・年度で照合して追加・更新）
    Training {
        file: PathBuf,
        input: PathBuf,
        /// CSVの文字コード: sjis または utf8（省略時は自動判別）
        #[arg(long)]
        encoding: Option<String>,
        /// 列の指定（見出しの推測が違うとき）: 項目=見出し をカンマで区切る。例: 職員番号=社員コード,職位=（空: 読まない）
        #[arg(long)]
        map: Option<String>,
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long = "accept-partial")]
        accept_partial: bool,
    },
    /// 手順テンプレート（CSV・Excel、steps_v1.csv と同じ列）に置き換え、各業務の作業を対応付ける
    Steps {
        file: PathBuf,
        input: PathBuf,
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
    /// 運用経費（CSV・Excel: 業務・年度・区分・計画額・実績額）を取り込む（業務・年度・区分で照合して追加・更新。すべて取り込むか、何も変えないか）
    Costs {
        file: PathBuf,
        input: PathBuf,
        /// 金額の単位: 円 または 千円（省略時は円）
        #[arg(long)]
        unit: Option<String>,
        /// CSVの文字コード: sjis または utf8（省略時は自動判別）
        #[arg(long)]
        encoding: Option<String>,
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub enum TaskCommand {
    /// 取組内容を追加する
    Add {
        file: PathBuf,
        /// 取組事項の名前（例: 自治体情報システムの標準化・共通化）
        #[arg(long)]
        initiative: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        /// 担当課
        #[arg(long)]
        owner: Option<String>,
        /// マイルストーン（◆）にする
        #[arg(long)]
        milestone: bool,
    },
    /// 取組内容を更新する
    Set(TaskSetArgs),
    /// 取組内容の一覧を表示する
    List { file: PathBuf },
    /// 前後関係（終了→開始）を追加する。既にあればラグを変える
    Link {
        file: PathBuf,
        /// 前の取組内容のID（task list で確認）
        #[arg(long)]
        predecessor: i64,
        /// 後続の取組内容のID
        #[arg(long)]
        successor: i64,
        /// ラグ（営業日。土日・祝日・年末年始を除く）。0 = 前の作業の終了日から開始できる
        #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
        lag: i32,
    },
}

#[derive(Args)]
pub struct TaskSetArgs {
    pub file: PathBuf,
    /// 取組内容のID（task list で確認）
    #[arg(long)]
    pub id: i64,
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub dates: DateArgs,
    /// 進捗率（0〜100）
    #[arg(long)]
    pub progress: Option<String>,
    /// 未着手・作業中・完了・遅延・中止・対象外
    #[arg(long)]
    pub status: Option<String>,
    /// 課題・遅延理由
    #[arg(long)]
    pub notes: Option<String>,
    /// 進捗の記録日（この変更が効く日。省略時は今日）
    #[arg(long)]
    pub on: Option<String>,
}

/// 計画と実績の日付（YYYY-MM-DD または和暦。空にすると消す）
#[derive(Args)]
pub struct DateArgs {
    /// 計画の開始日
    #[arg(long)]
    pub start: Option<String>,
    /// 計画の終了日
    #[arg(long)]
    pub end: Option<String>,
    /// 実績の開始日
    #[arg(long = "actual-start")]
    pub actual_start: Option<String>,
    /// 実績の終了日
    #[arg(long = "actual-end")]
    pub actual_end: Option<String>,
}

#[derive(Args)]
pub struct StepArgs {
    pub file: PathBuf,
    /// 業務名（例: 住民基本台帳）
    #[arg(long)]
    pub system: String,
    /// 作業項目の番号（1〜17）
    #[arg(long)]
    pub step: u32,
    /// 未着手・作業中・完了済み・対象外
    #[arg(long)]
    pub status: Option<String>,
    #[command(flatten)]
    pub dates: DateArgs,
    #[arg(long)]
    pub notes: Option<String>,
    /// 進捗の記録日（この変更が効く日。省略時は今日）
    #[arg(long)]
    pub on: Option<String>,
}

#[derive(Args)]
pub struct ProcedureArgs {
    pub file: PathBuf,
    /// 手続の番号（1〜31）
    #[arg(long)]
    pub no: u32,
    #[arg(long)]
    pub status: Option<String>,
    /// 連携方式（1〜4）
    #[arg(long = "link-method")]
    pub link_method: Option<String>,
    /// 対象外の理由
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub start: Option<String>,
    #[arg(long)]
    pub end: Option<String>,
    /// 進捗の記録日（この変更が効く日。省略時は今日）
    #[arg(long)]
    pub on: Option<String>,
}
