import PaperRules

/// Turns a report into the bytes of one output format. One conforming type per format.
public protocol ReportRenderer: Sendable {
    func render(_ report: Report) -> String
}

/// The output formats, by their `--format` names.
public enum ReportFormat: String, CaseIterable, Sendable {
    case human
    case json

    public func renderer(colors: Bool = false) -> any ReportRenderer {
        switch self {
        case .human: HumanReportRenderer(useColor: colors)
        case .json: JSONReportRenderer()
        }
    }
}
