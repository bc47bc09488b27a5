import PaperAnalysis
import PaperFacts

/// A worked example of a check kind: a rule's parameters, a document, and the outcomes they must
/// give. Each kind carries its own (`CheckKind.examples`), so the documentation shows the check at
/// work and one test holds every kind to what it shows.
public struct CheckExample: Sendable {
    /// What the document is, in a few words: `one-column A4 page at 595x842`.
    public var title: String
    /// The rule's `parameters` object as a rules.json writer writes it.
    public var parameters: JSONValue
    /// The document the rule judges.
    public var facts: DocumentFacts
    /// The variants of the outcomes it must produce, in order; empty when it passes.
    public var expected: [String]
    /// The rules of the profile around it, for checks whose messages name them (`textExtractable`).
    public var profileRules: [(id: String, check: String)]
    /// Set when the file does not open at all: then `Evaluator.unreadable` reports it through the
    /// profile's `pdfReadable` rule, and `facts` are not read.
    public var unreadable: Unreadable?
    /// The real authors the run was given (`--authors`), for `knownAuthors`.
    public var knownAuthors: KnownAuthors?

    /// A file that could not be opened, as `PDFOpenError` describes it.
    public struct Unreadable: Sendable {
        /// The error's code, e.g. `encrypted`.
        public var code: String
        /// The error's description, which becomes the `{reason}` of the message.
        public var reason: String

        /// Makes an unreadable file's error.
        public init(code: String, reason: String) {
            self.code = code
            self.reason = reason
        }
    }

    /// Makes an example; `expected` defaults to passing.
    public init(_ title: String, parameters: JSONValue, facts: DocumentFacts, expected: [String] = [],
                profileRules: [(id: String, check: String)] = [], unreadable: Unreadable? = nil,
                knownAuthors: KnownAuthors? = nil) {
        self.title = title
        self.parameters = parameters
        self.facts = facts
        self.expected = expected
        self.profileRules = profileRules
        self.unreadable = unreadable
        self.knownAuthors = knownAuthors
    }

    /// One line for `papercheck rules explain`: `passes: two-column US Letter pages`,
    /// `triggers total: 11 pages, References on page 9`.
    public var summaryLine: String {
        expected.isEmpty ? "passes: \(title)" : "triggers \(expected.joined(separator: ", ")): \(title)"
    }
}

extension CheckKind {
    /// The outcomes an example produces: its parameters decoded as a rule's are, then evaluated on
    /// its facts and their analysis. The one place examples meet `bind`, so a change to parameter
    /// decoding is adapted here. Ink regions are not rendered: examples carry their ink in the facts.
    static func outcomes(of example: CheckExample) throws(RuleSetError) -> [CheckOutcome] {
        let path = "\(name).examples[\"\(example.title)\"].parameters"
        let bound = try bind(example.parameters, path: path)
        if let unreadable = example.unreadable {
            // A file that did not open never reaches `evaluate`: the evaluator reports it through this rule.
            let rule = Rule(id: name, check: name, severity: .error, message: defaultMessages["main"] ?? "", messages: [:],
                            hint: "", hints: [:], reference: "",
                            definition: .object(["id": .string(name), "check": .string(name), "parameters": example.parameters]),
                            sourcePath: path, bound: bound)
            let profile = Profile(id: "examples", title: "examples", source: nil, extends: nil, rules: [rule])
            let report = Evaluator.unreadable(path: example.facts.path, code: unreadable.code, reason: unreadable.reason,
                                              profile: profile)
            // Its variant follows the error code (`PDFReadableCheck.variant(forCode:)`).
            return report.findings.filter { $0.check == name }.map { finding in
                CheckOutcome(variant: PDFReadableCheck.variant(forCode: unreadable.code), severity: finding.severity,
                             values: finding.values, page: finding.page, pages: finding.pages, box: finding.box, text: finding.text)
            }
        }
        let context = CheckContext(facts: example.facts, analysis: DocumentAnalyzer.analyze(example.facts),
                                   profileRules: example.profileRules, knownAuthors: example.knownAuthors)
        return bound.run(context)
    }
}
