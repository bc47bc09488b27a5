import PaperFacts

/// The file is no larger than a limit.
public enum FileSizeCheck: CheckKind {
    /// The `parameters` object of a `fileSize` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// The largest allowed file size, in bytes.
        public var maxBytes: Int
    }

    /// The parameters of a `fileSize` rule.
    public static let parameterSpecs = [
        ParameterSpec("maxBytes", .integer(1...1_000_000_000_000), "The largest file allowed, in bytes."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "fileSize"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The PDF file is at most maxBytes bytes."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The file is larger than allowed.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "the file is {size} ({bytes} bytes); at most {limit} allowed"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["size", "bytes", "limit"]

    /// Reports a file larger than `maxBytes`, with both sizes in MB (10^6 bytes).
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let bytes = context.facts.metadata.fileSize
        guard bytes > parameters.maxBytes else { return [] }
        return [CheckOutcome(values: ["size": megabytes(bytes), "bytes": "\(bytes)", "limit": megabytes(parameters.maxBytes)],
                             measured: Quantity(Double(bytes), .bytes), expected: Quantity(Double(parameters.maxBytes), .bytes))]
    }

    static func megabytes(_ bytes: Int) -> String {
        Format.points(Double(bytes) / 1_000_000) + " MB"
    }
}
