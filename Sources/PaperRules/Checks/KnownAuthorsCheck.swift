import PaperAnalysis
import PaperFacts

/// The real authors' names and e-mail addresses (given with `--authors`) do not appear in a blind
/// paper: not in its text outside the references, not in its metadata.
public enum KnownAuthorsCheck: CheckKind {
    /// No parameters: the authors come with the run (`CheckContext.knownAuthors`).
    public struct Parameters: Decodable, Sendable {}

    /// No parameters.
    public static let parameterSpecs: [ParameterSpec] = []

    /// The `check` value that selects this kind in rules.json.
    public static let name = "knownAuthors"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "With --authors FILE.csv, the paper's real authors (names, tolerant to case, diacritics, initials and line breaks, but not a surname alone; e-mail addresses) appear neither in its text outside the references, other than as a third-person citation, nor in its metadata. Without --authors it finds nothing."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// An author's name.
        case main
        /// An author's e-mail address.
        case email
        /// No row of the authors file names this file: it was checked without names.
        case unmatched
    }

    /// Message templates by variant.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "author {author} is named in {where}: \"{text}\""
        case .email: "author e-mail {author} appears in {where}: \"{text}\""
        case .unmatched: "no row of {file} names this file; it was checked without the authors' names"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["author", "where", "text", "file", "row"]

    /// The texts the authors' names are looked for in: one line per source, so that more (XMP,
    /// attachments, bookmarks) join with one line each.
    static func sources(_ context: CheckContext) -> [AuthorMatcher.Source] {
        var sources = IdentityText(context).pagesOutsideReferences.map { page in
            AuthorMatcher.Source(place: "the text of page \(page.number)", page: page.number, text: page.text,
                                 boxes: page.spans.map { ($0.0, $0.1.box) })
        }
        let metadata = context.facts.metadata
        for field in ["title", "author", "subject", "keywords", "creator", "producer"] {
            if let value = metadata.value(of: field), !value.isEmpty {
                sources.append(AuthorMatcher.Source(place: "the PDF's \(field.capitalizedFirst) field", text: value))
            }
        }
        // The file's other identity-bearing strings (XMP, attachments, bookmarks, mailto links,
        // annotation authors); the Info entries are the fields above.
        for string in context.facts.identityStrings where !string.location.hasPrefix("Info ") {
            sources.append(AuthorMatcher.Source(place: "the file's \(string.location)", page: string.page, text: string.value))
        }
        return sources
    }

    /// Each author found, once per source, with the text quoted.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        guard let authors = context.knownAuthors else { return [] }
        guard let row = authors.row else {
            return [CheckOutcome(variant: Variant.unmatched, severity: .warning, values: ["file": authors.file])]
        }
        return AuthorMatcher(authors).matches(in: sources(context)).map { match in
            let quote = Quote.bounded(match.text)
            return CheckOutcome(variant: match.isEmail ? Variant.email : Variant.main,
                                values: ["author": Quote.bounded(match.author), "where": match.place, "text": quote, "row": row,
                                         "file": authors.file],
                                page: match.page, box: match.box, text: quote)
        }
    }
}
