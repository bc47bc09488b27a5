import Foundation
import PaperRules

/// One JSON object per line, one line per file, so large batches can be streamed, merged
/// (`cat shard-*.jsonl`) and resumed. Each line is `{"schema": "papercheck.result/1", "profile", ...FileReport}`.
public struct JSONLinesReportRenderer: ReportRenderer {
    /// The `schema` value of every line.
    public static let schemaIdentifier = "papercheck.result/1"

    /// The papercheck version written on each line (`tool`), when given.
    public var tool: String?
    /// The profile's rules digest written on each line (`rules`), when given: a resumed run reuses
    /// only lines checked with the same rules by the same version.
    public var rulesDigest: String?

    /// A renderer; `tool` and `rulesDigest` mark each line with what checked it.
    public init(tool: String? = nil, rulesDigest: String? = nil) {
        self.tool = tool
        self.rulesDigest = rulesDigest
    }

    /// Every file's line, in the report's order.
    public func render(_ report: Report) -> String {
        report.files.map { line(for: $0, profile: report.profile.id) }.joined()
    }

    /// The line for one file, newline included.
    public func line(for file: FileReport, profile: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let record = Record(schema: Self.schemaIdentifier, profile: profile, tool: tool, rules: rulesDigest, file: file)
        guard let data = try? encoder.encode(record), let text = String(data: data, encoding: .utf8) else { return "" }
        return text + "\n"
    }

    /// Reads lines written by `line(for:profile:)`; lines that do not decode (a line cut by a crash) are skipped.
    public static func parse(_ text: String) -> [FileReport] {
        records(in: Data(text.utf8)).compactMap { $0?.file }
    }

    /// Every line of a JSONL file, decoded on its own: nil for a line that does not decode (cut by
    /// a crash, bytes that are not UTF-8), so one bad line costs only itself.
    public static func records(in data: Data) -> [Record?] {
        decodedLines(in: data).map(\.record)
    }

    /// Every non-blank line of a JSONL file with its bytes (without the newline) and its record,
    /// nil when the line does not decode.
    public static func decodedLines(in data: Data) -> [(line: Data, record: Record?)] {
        var lines: [(line: Data, record: Record?)] = []
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let line = data[start..<end]
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
                // A line that is not UTF-8 is not what papercheck wrote: garbled, not read.
                let isText = String(data: line, encoding: .utf8) != nil
                lines.append((Data(line), isText ? try? JSONDecoder().decode(Record.self, from: line) : nil))
            }
            start = end < data.endIndex ? data.index(after: end) : end
        }
        return lines
    }

    /// One line: what checked the file, and its report.
    public struct Record: Codable, Sendable {
        /// `papercheck.result/1`.
        public var schema: String
        /// The profile id the file was checked against.
        public var profile: String
        /// The papercheck version that checked it, if the line says.
        public var tool: String?
        /// The rules digest (`Profile.digest`) it was checked with, if the line says.
        public var rules: String?
        /// The file's report.
        public var file: FileReport

        /// Makes a line's record.
        public init(schema: String, profile: String, tool: String?, rules: String?, file: FileReport) {
            self.schema = schema
            self.profile = profile
            self.tool = tool
            self.rules = rules
            self.file = file
        }

        // The file's keys sit beside schema and profile on the same level, so each line is a flat record.
        /// Decodes a line.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            schema = try container.decode(String.self, forKey: .schema)
            profile = try container.decode(String.self, forKey: .profile)
            tool = try container.decodeIfPresent(String.self, forKey: .tool)
            rules = try container.decodeIfPresent(String.self, forKey: .rules)
            file = try FileReport(from: decoder)
        }

        /// Encodes a line.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(schema, forKey: .schema)
            try container.encode(profile, forKey: .profile)
            try container.encodeIfPresent(tool, forKey: .tool)
            try container.encodeIfPresent(rules, forKey: .rules)
            try file.encode(to: encoder)
        }

        enum Keys: String, CodingKey {
            case schema
            case profile
            case tool
            case rules
        }
    }
}
