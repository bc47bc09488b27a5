import PaperAnalysis
import PaperFacts

/// What a check sees: the facts of one document and what analysis derived from them.
public struct CheckContext: Sendable {
    /// The extracted facts of the document being checked.
    public var facts: DocumentFacts
    /// The analysis derived from `facts`.
    public var analysis: DocumentAnalysis
    /// The ids and kinds of every rule in the profile being evaluated (some messages name them).
    public var profileRules: [(id: String, check: String)]
    /// The real authors of the paper, from the submission system's export (`--authors`); nil when
    /// none were given.
    public var knownAuthors: KnownAuthors?

    /// Makes a context; `profileRules` defaults to none, `knownAuthors` to unknown.
    public init(facts: DocumentFacts, analysis: DocumentAnalysis, profileRules: [(id: String, check: String)] = [],
                knownAuthors: KnownAuthors? = nil) {
        self.facts = facts
        self.analysis = analysis
        self.profileRules = profileRules
        self.knownAuthors = knownAuthors
    }
}

/// One violation or observation a check produced, before the rule's message template is applied.
public struct CheckOutcome: Sendable, Equatable {
    /// Which message applies: `main` is the rule's `message`; other variants have their own.
    public var variant: String
    /// Overrides the rule's severity (e.g. a non-embedded standard font is only a warning).
    public var severity: Severity?
    /// Values by placeholder name (measured and expected), for the message template and the report.
    public var values: [String: String]
    /// The 1-based page the outcome is located on, when it has one place.
    public var page: Int?
    /// All 1-based pages concerned, when there are several.
    public var pages: [Int]?
    /// Where on the page, in PDF points with a top-left origin.
    public var box: Box?
    /// The offending text, when there is some.
    public var text: String?
    /// The single places folded into this outcome (one cause seen on several pages), if any.
    public var occurrences: [Occurrence]?
    /// The measured amount with its unit, when the outcome is a measurement (see `Finding.measured`).
    public var measured: Quantity?
    /// The expected or allowed amount with its unit, when there is one.
    public var expected: Quantity?
    /// The measured page size, for page-size outcomes.
    public var measuredSize: Dimensions?
    /// The expected page size, for page-size outcomes.
    public var expectedSize: Dimensions?
    /// The one side of the page or text block concerned, if any.
    public var side: Side?

    /// Makes an outcome of a kind's `Variant` (`PageCountCheck.Variant.total`); `severity` defaults
    /// to the rule's, and the typed measurements (`measured`, `expected`, sizes, `side`) to none.
    /// Variants are the kind's enum cases, so a misspelt one does not compile.
    public init<Variant: RawRepresentable>(variant: Variant, severity: Severity? = nil, values: [String: String],
                                           page: Int? = nil, pages: [Int]? = nil, box: Box? = nil, text: String? = nil,
                                           occurrences: [Occurrence]? = nil, measured: Quantity? = nil,
                                           expected: Quantity? = nil, measuredSize: Dimensions? = nil,
                                           expectedSize: Dimensions? = nil, side: Side? = nil) where Variant.RawValue == String {
        self.init(severity: severity, values: values, page: page, pages: pages, box: box, text: text,
                  occurrences: occurrences, measured: measured, expected: expected, measuredSize: measuredSize,
                  expectedSize: expectedSize, side: side)
        self.variant = variant.rawValue
    }

    /// Makes an outcome of the `main` variant; the other parameters as above.
    public init(severity: Severity? = nil, values: [String: String], page: Int? = nil,
                pages: [Int]? = nil, box: Box? = nil, text: String? = nil, occurrences: [Occurrence]? = nil,
                measured: Quantity? = nil, expected: Quantity? = nil, measuredSize: Dimensions? = nil,
                expectedSize: Dimensions? = nil, side: Side? = nil) {
        self.variant = "main"
        self.severity = severity
        self.values = values
        self.page = page
        self.pages = pages
        self.box = box
        self.text = text
        self.occurrences = occurrences
        self.measured = measured
        self.expected = expected
        self.measuredSize = measuredSize
        self.expectedSize = expectedSize
        self.side = side
    }
}

/// What a rule needs extraction to do for it, beyond reading text, fonts and images: declared by
/// its kind from its parameters and combined over every rule of a profile, so that rules do not
/// depend on each other or on their order.
public struct ExtractionNeeds: Sendable, Equatable {
    /// Text blocks (without tolerance) that content must stay inside, for annotated page images.
    public var textBlocks: [Box]
    /// Regions outside which vector ink is looked for (each a text block grown by its tolerance).
    public var inkProbeRegions: [Box]
    /// How far below the last baseline the ink of text may reach, by rule that says so.
    public var lastLineDepths: [Double]
    /// Font sizes below which a rule calls text tiny, by rule that looks for hidden text; any at all
    /// makes extraction look for it (`PageFacts.hiddenText`).
    public var hiddenTextTinySizes: [Double]

    /// Makes needs; none by default.
    public init(textBlocks: [Box] = [], inkProbeRegions: [Box] = [], lastLineDepths: [Double] = [],
                hiddenTextTinySizes: [Double] = []) {
        self.textBlocks = textBlocks
        self.inkProbeRegions = inkProbeRegions
        self.lastLineDepths = lastLineDepths
        self.hiddenTextTinySizes = hiddenTextTinySizes
    }

    /// Both rules' needs.
    public func combined(with other: ExtractionNeeds) -> ExtractionNeeds {
        ExtractionNeeds(textBlocks: textBlocks + other.textBlocks, inkProbeRegions: inkProbeRegions + other.inkProbeRegions,
                        lastLineDepths: lastLineDepths + other.lastLineDepths,
                        hiddenTextTinySizes: hiddenTextTinySizes + other.hiddenTextTinySizes)
    }

    /// The one region to probe outside: the part every rule's region shares, so that ink outside
    /// any of them is seen (with one rule, its region). Nil when no rule probes, or when the
    /// regions share nothing (then ink is looked for everywhere outside the smallest one).
    public var inkProbeRegion: Box? {
        guard let first = inkProbeRegions.first else { return nil }
        let shared = inkProbeRegions.dropFirst().reduce(first) { partial, region in
            Box(x0: max(partial.x0, region.x0), y0: max(partial.y0, region.y0),
                x1: min(partial.x1, region.x1), y1: min(partial.y1, region.y1))
        }
        guard shared.x0 < shared.x1, shared.y0 < shared.y1 else {
            return inkProbeRegions.min { $0.width * $0.height < $1.width * $1.height }
        }
        return shared
    }

    /// The shallowest depth any rule allows: words that cannot reach deeper need no render for any rule.
    public var lastLineDepth: Double { lastLineDepths.min() ?? 0 }

    /// The largest size any rule calls tiny (each rule keeps the words below its own), or nil when
    /// no rule looks for hidden text.
    public var hiddenTextTinySize: Double? { hiddenTextTinySizes.max() }
}

/// A kind of check: its parameters (described by `parameterSpecs`, checked when rules.json loads,
/// and decoded into `Parameters`), its messages, its documentation and its evaluation. One file
/// per kind in `Checks/`.
public protocol CheckKind: SendableMetatype {
    /// The kind's typed parameters, decoded from a rule's `parameters` after `parameterSpecs` checked them.
    associatedtype Parameters: Decodable & Sendable
    /// The `check` value in rules.json.
    static var name: String { get }
    /// What the check looks at, for `papercheck rules explain`.
    static var summary: String { get }
    /// Every parameter the kind takes: names, types, closed sets, ranges and defaults. Keys outside
    /// it are refused; the JSON Schema is generated from it.
    static var parameterSpecs: [ParameterSpec] { get }
    /// The kind's outcomes, each with its own message: `main` is the rule's `message`, the others are
    /// what a rule's `messages` may override.
    associatedtype Variant: RawRepresentable & CaseIterable & Sendable where Variant.RawValue == String
    /// The message of each variant, by an exhaustive switch (so no variant is without one).
    static func defaultMessage(_ variant: Variant) -> String
    /// The default messages by variant name (derived from `defaultMessage`).
    static var defaultMessages: [String: String] { get }
    /// The `{placeholders}` the check fills in its outcomes' values (the parameters are placeholders too).
    static var placeholders: [String] { get }
    /// A problem between parameters that are each valid alone (an inverted text block), or nil.
    static func validate(_ parameters: Parameters) -> ParameterProblem?
    /// What the rule needs extraction to do for it (see `ExtractionNeeds`). None by default.
    static func needs(_ parameters: Parameters) -> ExtractionNeeds
    /// Worked examples, one file per kind in `Examples/`: at least one that passes and, for every
    /// variant of `defaultMessages`, one that produces it. A test runs them all.
    static var examples: [CheckExample] { get }
    /// Runs the check on one document; returns one outcome per violation (or observation), none when it passes.
    static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome]
    /// Regions of pages (by 1-based page number, in points with a top-left origin) that the check
    /// wants rendered before it evaluates, because boxes there only suggest what the ink must
    /// decide. Their ink arrives as `PageFacts.ink`. None by default.
    static func inkRegions(_ parameters: Parameters, in context: CheckContext) -> [Int: [Box]]
}

extension CheckKind {
    /// No regions to render: the check judges the extracted facts as they are.
    public static func inkRegions(_ parameters: Parameters, in context: CheckContext) -> [Int: [Box]] { [:] }
    /// Nothing beyond what every check gets.
    public static func needs(_ parameters: Parameters) -> ExtractionNeeds { ExtractionNeeds() }
    /// Parameters valid one by one are valid together.
    public static func validate(_ parameters: Parameters) -> ParameterProblem? { nil }
    /// `defaultMessage` of every variant, by its name.
    public static var defaultMessages: [String: String] {
        Dictionary(uniqueKeysWithValues: Variant.allCases.map { ($0.rawValue, defaultMessage($0)) })
    }
    /// Every name a message of this kind may use: the outcomes' values and the parameters.
    public static var messagePlaceholders: [String] {
        var seen = Set<String>()
        return (placeholders + ParameterSpec.placeholderNames(of: parameterSpecs)).filter { seen.insert($0).inserted }
    }
}

/// Every check kind papercheck knows, by name.
public enum CheckRegistry {
    /// The registered kinds; rules.json can name only these.
    public static let kinds: [any CheckKind.Type] = [
        PDFReadableCheck.self, PageSizeCheck.self, PageCountCheck.self, ContentWithinCheck.self,
        ColumnsCheck.self, FontTypesCheck.self, FontsEmbeddedCheck.self, BodyFontCheck.self,
        TextPresentCheck.self, TextAbsentCheck.self, MetadataCheck.self, SectionAbsentCheck.self,
        LineNumbersCheck.self, FileSizeCheck.self, TextExtractableCheck.self, LanguageCheck.self,
        IdentityInFileCheck.self, ActiveContentCheck.self,
        IdentityInTextCheck.self, KnownAuthorsCheck.self,
        HiddenTextCheck.self,
    ]

    /// The kind whose `name` is `name`, or nil when there is none.
    public static func kind(named name: String) -> (any CheckKind.Type)? {
        kinds.first { $0.name == name }
    }
}

/// Formatting helpers shared by the checks, so numbers read the same everywhere.
enum Format {
    static func points(_ value: Double) -> String {
        // Values from rules files and PDFs may be huge or not numbers at all; Int() would trap.
        guard value.isFinite, abs(value) < 1e12 else { return value.isNaN ? "NaN" : String(format: "%g", value) }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    static func size(_ width: Double, _ height: Double) -> String {
        "\(points(width)) x \(points(height)) pt"
    }
}

/// Page numbers as people write them, shared by messages and reports.
public enum PageList {
    /// `1-3, 5, 7-9`: sorted, duplicates dropped, runs of consecutive pages joined.
    public static func text(_ pages: [Int]) -> String {
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
}
