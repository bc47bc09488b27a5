import PaperFacts

/// The file runs nothing and fetches nothing: no JavaScript, no Launch, SubmitForm or ImportData
/// actions, no open action that fetches a URI or another file, no XFA form, no embedded program.
/// Reviewers open submissions on their own machines; a venue's system may refuse such files.
public enum ActiveContentCheck: CheckKind {
    /// The `parameters` object of an `activeContent` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Variants reported as errors; the others take the rule's severity.
        public var errors: [Variant]
    }

    /// The parameters of an `activeContent` rule.
    public static let parameterSpecs = [
        ParameterSpec("errors", .list(.choice(Variant.allCases.map(\.rawValue)), minimumCount: 0), .defaulted(.array([])),
                      "Kinds of active content (the check's variants) reported as errors whatever the rule's severity."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "activeContent"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The file runs and fetches nothing: no JavaScript, Launch, SubmitForm or ImportData actions, no open action with a URI or a remote file, no XFA form, no embedded program."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable, Decodable {
        /// JavaScript: in the document, run on opening, or behind a link.
        case main
        /// A Launch action: starts a program or opens a file.
        case launch
        /// A form that sends its data somewhere.
        case submitForm
        /// An action that reads form data from a file.
        case importData
        /// Opening the file fetches a URI.
        case openURI
        /// Opening the file jumps to another file or an embedded one.
        case openRemote
        /// An XFA form (an XML form a reader runs).
        case xfa
        /// An embedded file that looks like a program.
        case executable
    }

    /// Message templates by variant.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "the file carries JavaScript ({where})"
        case .launch: "{where} launches \"{target}\""
        case .submitForm: "the file has a form that submits its data ({where})"
        case .importData: "the file has an action that imports form data from a file ({where})"
        case .openURI: "opening the file fetches \"{target}\""
        case .openRemote: "opening the file opens another file: \"{target}\""
        case .xfa: "the file has an XFA form, which readers run as a program"
        case .executable: "embedded file \"{target}\" looks like a program ({evidence})"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["where", "target", "evidence", "page"]

    /// Reports each active element once: links and open actions by place, then what only the byte
    /// scan saw (names in objects poppler does not expose), once per kind.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let objects = context.facts.objects
        let scan = objects.fileScan ?? FileScanFacts()
        var outcomes: [CheckOutcome] = []
        var reported = Set<Variant>()
        func outcome(_ variant: Variant, where place: String, target: String = "", evidence: String = "",
                     page: Int? = nil, box: Box? = nil) {
            reported.insert(variant)
            let values = ["where": place, "target": target, "evidence": evidence, "page": page.map(String.init) ?? ""]
            outcomes.append(CheckOutcome(variant: variant, severity: parameters.errors.contains(variant) ? .error : nil,
                                         values: values, page: page, box: box, text: target.isEmpty ? nil : target))
        }

        for action in scan.openActions {
            let target = action.target ?? ""
            switch action.kind {
            case .javaScript: outcome(.main, where: "run when the file opens", target: target)
            case .launch: outcome(.launch, where: "opening the file", target: target)
            case .submitForm: outcome(.submitForm, where: "when the file opens")
            case .importData: outcome(.importData, where: "when the file opens")
            case .uri: outcome(.openURI, where: "when the file opens", target: target)
            case .goToRemote, .goToEmbedded: outcome(.openRemote, where: "when the file opens", target: target)
            case .goTo, .named, .resetForm, .other: break
            }
        }
        for link in objects.links {
            let place = "a link on page \(link.page)"
            switch link.action.kind {
            case .javaScript: outcome(.main, where: place, target: link.action.target ?? "", page: link.page, box: link.box)
            case .launch: outcome(.launch, where: "a link on page \(link.page)", target: link.action.target ?? "", page: link.page, box: link.box)
            default: break
            }
        }
        for entry in objects.outline {
            switch entry.action?.kind {
            case .javaScript: outcome(.main, where: "bookmark \"\(entry.title)\"", target: entry.action?.target ?? "")
            case .launch: outcome(.launch, where: "bookmark \"\(entry.title)\"", target: entry.action?.target ?? "")
            default: break
            }
        }
        for attachment in objects.attachments {
            guard let evidence = attachment.executableEvidence else { continue }
            outcome(.executable, where: attachment.page.map { "page \($0)" } ?? "attachment", target: attachment.name,
                    evidence: evidence, page: attachment.page)
        }

        // What only the byte scan saw: actions in annotations, fields or name trees that poppler-glib does not name.
        let javaScriptNames = scan.count("JavaScript") + scan.count("JS")
        if !reported.contains(.main), objects.hasJavaScript || javaScriptNames > 0 {
            outcome(.main, where: objects.hasJavaScript ? "document-level scripts" : "\(javaScriptNames) JavaScript entries in its objects")
        }
        if !reported.contains(.launch), scan.count("Launch") > 0 {
            outcome(.launch, where: "an action in the file's objects", target: "a program or file")
        }
        if !reported.contains(.submitForm), scan.count("SubmitForm") > 0 { outcome(.submitForm, where: Self.times(scan.count("SubmitForm"), "SubmitForm action")) }
        if !reported.contains(.importData), scan.count("ImportData") > 0 {
            outcome(.importData, where: Self.times(scan.count("ImportData"), "ImportData action"))
        }
        if scan.count("XFA") > 0 { outcome(.xfa, where: "AcroForm /XFA") }
        return outcomes
    }

    private static func times(_ count: Int, _ what: String) -> String {
        count == 1 ? "one \(what)" : "\(count) \(what)s"
    }
}
