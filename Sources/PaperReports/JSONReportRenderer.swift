import Foundation
import PaperRules

/// One JSON document (`"schema": "papercheck.report/1"`), keys sorted so output is stable.
public struct JSONReportRenderer: ReportRenderer {
    /// A renderer; it holds no state.
    public init() {}

    /// The report as pretty-printed JSON with sorted keys, ending in a newline.
    public func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report), let text = String(data: data, encoding: .utf8) else {
            return #"{"schema": "papercheck.report/1", "error": "the report could not be encoded"}"#
        }
        return text + "\n"
    }
}
