import Foundation
import PaperRules

/// One JSON object per line, one line per file, so large batches can be streamed, merged
/// (`cat shard-*.jsonl`) and resumed. Each line is `{"schema": "papercheck.result/1", "profile", ...FileReport}`.
public struct JSONLinesReportRenderer: ReportRenderer {
    /// The `schema` value of every line.
    public static let schemaIdentifier = "papercheck.result/1"

    /// A renderer; it holds no state.
    public init() {}

    /// Every file's line, in the report's order.
    public func render(_ report: Report) -> String {
        report.files.map { line(for: $0, profile: report.profile.id) }.joined()
    }

    /// The line for one file, newline included.
    public func line(for file: FileReport, profile: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Line(schema: Self.schemaIdentifier, profile: profile, file: file)),
              let text = String(data: data, encoding: .utf8) else { return "" }
        return text + "\n"
    }

    /// Reads lines written by `line(for:profile:)`; lines that do not decode (a line cut by a crash) are skipped.
    public static func parse(_ text: String) -> [FileReport] {
        text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Line.self, from: Data($0.utf8)).file }
    }

    private struct Line: Codable {
        var schema: String
        var profile: String
        var file: FileReport

        init(schema: String, profile: String, file: FileReport) {
            self.schema = schema
            self.profile = profile
            self.file = file
        }

        // The file's keys sit beside schema and profile on the same level, so each line is a flat record.
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            schema = try container.decode(String.self, forKey: .schema)
            profile = try container.decode(String.self, forKey: .profile)
            file = try FileReport(from: decoder)
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(schema, forKey: .schema)
            try container.encode(profile, forKey: .profile)
            try file.encode(to: encoder)
        }

        enum Keys: String, CodingKey {
            case schema
            case profile
        }
    }
}
