/// The file is no larger than a limit.
public enum FileSizeCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        public var maxBytes: Int
    }

    public static let name = "fileSize"
    public static let summary = "The PDF file is at most maxBytes bytes."
    public static let defaultMessages = ["main": "the file is {size} ({bytes} bytes); at most {limit} allowed"]
    public static let placeholders = ["size", "bytes", "limit"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let bytes = context.facts.metadata.fileSize
        guard bytes > parameters.maxBytes else { return [] }
        return [CheckOutcome(values: ["size": megabytes(bytes), "bytes": "\(bytes)", "limit": megabytes(parameters.maxBytes)])]
    }

    static func megabytes(_ bytes: Int) -> String {
        Format.points(Double(bytes) / 1_000_000) + " MB"
    }
}
