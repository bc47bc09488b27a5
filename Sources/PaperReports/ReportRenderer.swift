import PaperRules

/// Turns a report into the bytes of one output format. One conforming type per format.
public protocol ReportRenderer: Sendable {
    /// The whole output for the report, ready to write to a file or stdout.
    func render(_ report: Report) -> String
}

/// The output formats, by their `--format` names.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// A verdict per file and its findings grouped by rule, for people at a terminal.
    case human
    /// One `papercheck.report/1` document (`schemas/report.schema.json`).
    case json
    /// JUnit XML: a test suite per file, a test case per rule.
    case junit
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// GitHub Actions workflow commands (annotations).
    case github
    /// One JSON line per file (`papercheck.result/1`), streamed as results arrive.
    case jsonl
    /// One CSV row per file, for spreadsheets: triage verdict, causes and a column per rule.
    case csv
    /// One self-contained HTML page: summary table, findings per file, annotated page thumbnails.
    case html

    /// The renderer for this format.
    /// - Parameters:
    ///   - profile: the profile the report was checked against; JUnit and SARIF list its rules.
    ///   - colors: ANSI colours in the human format (ignored by the others).
    ///   - verbose: every finding and every folded place in the human format (ignored by the others,
    ///     which always carry everything).
    public func renderer(profile: Profile, colors: Bool = false, verbose: Bool = false) -> any ReportRenderer {
        switch self {
        case .human: HumanReportRenderer(useColor: colors, verbose: verbose)
        case .json: JSONReportRenderer()
        case .junit: JUnitReportRenderer(profile: profile)
        case .sarif: SARIFReportRenderer(profile: profile)
        case .github: GitHubReportRenderer()
        case .jsonl: JSONLinesReportRenderer()
        case .csv: CSVReportRenderer(profile: profile)
        case .html: HTMLReportRenderer(profile: profile)
        }
    }
}
