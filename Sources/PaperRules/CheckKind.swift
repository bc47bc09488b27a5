import PaperAnalysis
import PaperFacts

/// What a check sees: the facts of one document and what analysis derived from them.
public struct CheckContext: Sendable {
    public var facts: DocumentFacts
    public var analysis: DocumentAnalysis
    /// The ids and kinds of every rule in the profile being evaluated (some messages name them).
    public var profileRules: [(id: String, check: String)]

    public init(facts: DocumentFacts, analysis: DocumentAnalysis, profileRules: [(id: String, check: String)] = []) {
        self.facts = facts
        self.analysis = analysis
        self.profileRules = profileRules
    }
}

/// One violation or observation a check produced, before the rule's message template is applied.
public struct CheckOutcome: Sendable, Equatable {
    /// Which message applies: `main` is the rule's `message`; other variants have their own.
    public var variant: String
    /// Overrides the rule's severity (e.g. a non-embedded standard font is only a warning).
    public var severity: Severity?
    public var values: [String: String]
    public var page: Int?
    public var pages: [Int]?
    public var box: Box?
    public var text: String?

    public init(variant: String = "main", severity: Severity? = nil, values: [String: String], page: Int? = nil,
                pages: [Int]? = nil, box: Box? = nil, text: String? = nil) {
        self.variant = variant
        self.severity = severity
        self.values = values
        self.page = page
        self.pages = pages
        self.box = box
        self.text = text
    }
}

/// A kind of check: its parameters (decoded from a rule in rules.json), its documentation and
/// its evaluation. One file per kind in `Checks/`.
public protocol CheckKind {
    associatedtype Parameters: Codable & Sendable
    /// The `check` value in rules.json.
    static var name: String { get }
    /// What the check looks at, for `papercheck rules explain`.
    static var summary: String { get }
    /// Message templates by variant; `main` is the default for a rule's `message`.
    static var defaultMessages: [String: String] { get }
    /// The `{placeholders}` the check fills in every variant's values.
    static var placeholders: [String] { get }
    static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome]
}

/// Every check kind papercheck knows, by name.
public enum CheckRegistry {
    public static let kinds: [any CheckKind.Type] = [
        PDFReadableCheck.self, PageSizeCheck.self, PageCountCheck.self, ContentWithinCheck.self,
        ColumnsCheck.self, FontTypesCheck.self, FontsEmbeddedCheck.self, BodyFontCheck.self,
        TextPresentCheck.self, TextAbsentCheck.self, MetadataCheck.self, SectionAbsentCheck.self,
        LineNumbersCheck.self, FileSizeCheck.self, TextExtractableCheck.self, LanguageCheck.self,
    ]

    public static func kind(named name: String) -> (any CheckKind.Type)? {
        kinds.first { $0.name == name }
    }
}

/// Formatting helpers shared by the checks, so numbers read the same everywhere.
enum Format {
    static func points(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// `1-3, 5, 7-9`
    static func pageList(_ pages: [Int]) -> String {
        let sorted = Array(Set(pages)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }

    static func size(_ width: Double, _ height: Double) -> String {
        "\(points(width)) x \(points(height)) pt"
    }
}
