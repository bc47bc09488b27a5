import Foundation
import PaperFacts

/// A blind submission's file carries no names outside its pages: XMP authors, a title that is a
/// file name, user folders in the tool entries, embedded files, bookmarks with e-mail addresses or
/// the authors' names, `mailto:` links and signed annotations. The Info /Author entry is left to
/// the `metadata` rule that checks it, so one name is not reported twice.
public enum IdentityInFileCheck: CheckKind {
    /// The `parameters` object of an `identityInFile` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Author values that count as anonymous (the whole value must match).
        public var anonymous: TextPattern
        /// User names that name no one, in folders (`/home/runner/`, `C:\Users\Public\`) and as
        /// authors (an annotation by `Administrator`).
        public var genericUsers: [String]
    }

    /// The parameters of an `identityInFile` rule.
    public static let parameterSpecs = [
        ParameterSpec("anonymous", .pattern, .defaulted(.string("|Anonymous Submission|Anonymous|Anonymous Authors?")),
                      "Author values that are anonymous: a case-insensitive ICU regular expression the whole value must match."),
        ParameterSpec("genericUsers", .list(.text, minimumCount: 0),
                      .defaulted(.array(["Public", "Shared", "Default", "All Users", "runner", "build", "builder", "buildd",
                                         "root", "user", "admin", "Administrator", "travis", "circleci", "vagrant", "docker",
                                         "jenkins", "ubuntu", "debian"])),
                      "User and author names that name no one (build machines, shared folders, Administrator), in folders, XMP authors and annotation authors; compared without case."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "identityInFile"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The file names no author outside its pages: XMP authors, a title that is a file name, user folders in Creator/Producer/XMP, embedded files, bookmarks with names or e-mail addresses, mailto: links, annotation authors (the Info /Author is the metadata rule's)."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// An XMP author property that is not anonymous.
        case main
        /// A title that is a file name or a path.
        case fileNameTitle
        /// A user's folder in a tool entry or the XMP.
        case userPath
        /// An embedded file.
        case attachment
        /// A bookmark with an e-mail address or an author's name.
        case bookmark
        /// A `mailto:` link.
        case mailto
        /// An annotation signed by someone.
        case annotationAuthor
    }

    /// Message templates by variant.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "the file's {field} names \"{value}\"; a blind submission must not name its authors"
        case .fileNameTitle: "the file's {field} is a file name, \"{value}\", which can identify the authors"
        case .userPath: "the file's {field} holds the user folder of \"{user}\": \"{value}\""
        case .attachment: "embedded file \"{value}\"{where} travels with the submission and can identify the authors"
        case .bookmark: "bookmark \"{value}\" names {what}"
        case .mailto: "link to \"{value}\" (page {page}) names an author's address"
        case .annotationAuthor: "{type} annotation (page {page}) is signed \"{value}\""
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["field", "value", "user", "where", "what", "page", "type"]

    /// Reports each place in the file's objects that names someone.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let facts = context.facts
        let objects = facts.objects
        let generic = Set(parameters.genericUsers.map { $0.lowercased() })
        var outcomes: [CheckOutcome] = []
        func outcome(_ variant: Variant, _ values: [String: String], value: String, page: Int? = nil, box: Box? = nil,
                     pages: [Int]? = nil, occurrences: [Occurrence]? = nil) {
            var all = values
            all["value"] = value
            outcomes.append(CheckOutcome(variant: variant, values: all, page: page, pages: pages, box: box, text: value,
                                         occurrences: occurrences))
        }

        // Names the file gives as its authors, to find them again in bookmarks.
        let infoAuthor = facts.metadata.author.map(trimmed) ?? ""
        let infoAuthorNamed = !parameters.anonymous.matchesWhole(infoAuthor)
        var authorNames: [String] = infoAuthorNamed && !infoAuthor.isEmpty ? [infoAuthor] : []

        for entry in objects.xmp where XMPEntry.authorProperties.contains(entry.property) {
            let value = trimmed(entry.value)
            guard !value.isEmpty, !parameters.anonymous.matchesWhole(value), !generic.contains(value.lowercased()) else { continue }
            authorNames.append(value)
            // The same name as the Info /Author is the metadata rule's finding.
            if infoAuthorNamed, value.lowercased() == infoAuthor.lowercased() { continue }
            outcome(.main, ["field": "XMP \(entry.property)"], value: value)
        }

        var titles: [(String, String)] = [("/Title", facts.metadata.title ?? "")]
        titles += objects.xmp.filter { $0.property == "dc:title" }.map { ("XMP dc:title", $0.value) }
        var reportedTitles = Set<String>()
        for (field, title) in titles where FileIdentityText.isFileName(title) && reportedTitles.insert(title).inserted {
            outcome(.fileNameTitle, ["field": field], value: DocumentObjects.bounded(title))
        }

        var paths: [(String, String)] = []
        for (field, value) in [("/Title", facts.metadata.title), ("/Subject", facts.metadata.subject),
                               ("/Keywords", facts.metadata.keywords), ("/Creator", facts.metadata.creator),
                               ("/Producer", facts.metadata.producer)] {
            if let value { paths.append((field, value)) }
        }
        paths += objects.xmp.filter { !XMPEntry.authorProperties.contains($0.property) }.map { ("XMP \($0.property)", $0.value) }
        var reportedUsers = Set<String>()
        // A title that is already reported as a file name is not reported again for its folder.
        for (field, value) in paths where !(reportedTitles.contains(value) && ["/Title", "XMP dc:title"].contains(field)) {
            guard let user = FileIdentityText.userFolder(in: value), !generic.contains(user.lowercased()),
                  reportedUsers.insert(field + "\u{0}" + user).inserted else { continue }
            outcome(.userPath, ["field": field, "user": user], value: DocumentObjects.bounded(value))
        }

        for attachment in objects.attachments {
            let place = attachment.page.map { " (a file attachment on page \($0))" } ?? ""
            outcome(.attachment, ["where": place], value: attachment.name.isEmpty ? "(unnamed)" : attachment.name, page: attachment.page)
        }

        for entry in objects.outline {
            let lowered = entry.title.lowercased()
            if let address = FileIdentityText.emailAddress(in: entry.title) {
                outcome(.bookmark, ["what": "an e-mail address (\(address))"], value: entry.title)
            } else if let name = authorNames.first(where: { $0.count >= 3 && lowered.contains($0.lowercased()) }) {
                outcome(.bookmark, ["what": "the author \(name), as the file's metadata gives it"], value: entry.title)
            }
        }

        // One finding per address and per signer, with every place it occurs.
        var mailtos: [(String, [LinkFacts])] = []
        for link in objects.links where link.action.kind == .uri {
            guard let target = link.action.target, target.lowercased().hasPrefix("mailto:") else { continue }
            if let index = mailtos.firstIndex(where: { $0.0 == target }) { mailtos[index].1.append(link) } else { mailtos.append((target, [link])) }
        }
        for (target, links) in mailtos {
            let pages = Array(Set(links.map(\.page))).sorted()
            outcome(.mailto, ["page": PageList.text(pages)], value: target, page: links[0].page, box: links[0].box,
                    pages: pages.count > 1 ? pages : nil,
                    occurrences: links.count > 1 ? links.map { Occurrence(page: $0.page, box: $0.box) } : nil)
        }

        var signers: [(String, [AnnotationFacts])] = []
        for annotation in objects.annotations {
            guard let author = annotation.author.map(trimmed), !author.isEmpty, !parameters.anonymous.matchesWhole(author),
                  !generic.contains(author.lowercased()) else { continue }
            if let index = signers.firstIndex(where: { $0.0 == author }) { signers[index].1.append(annotation) } else { signers.append((author, [annotation])) }
        }
        for (author, annotations) in signers {
            let pages = Array(Set(annotations.map(\.page))).sorted()
            let types = Array(Set(annotations.map(\.type))).sorted().joined(separator: ", ")
            outcome(.annotationAuthor, ["page": PageList.text(pages), "type": types], value: author,
                    page: annotations[0].page, box: annotations[0].box, pages: pages.count > 1 ? pages : nil,
                    occurrences: annotations.count > 1 ? annotations.map { Occurrence(page: $0.page, box: $0.box) } : nil)
        }
        return outcomes
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// What in a metadata string names a person or a machine: file names, user folders, addresses.
public enum FileIdentityText {
    /// File extensions of documents a title can be left as.
    static let documentExtensions: Set<String> = ["doc", "docx", "dot", "dotx", "odt", "rtf", "tex", "ltx", "lyx", "pdf",
                                                  "dvi", "ps", "eps", "pages", "md", "txt", "wpd", "pptx", "ppt", "key", "indd"]

    /// Whether a title is a file name or a path rather than a title: `Microsoft Word - smith.docx`,
    /// `paper.tex`, `C:\papers\icml.pdf`, `/home/ada/paper`.
    public static func isFileName(_ title: String) -> Bool {
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return false }
        let lower = text.lowercased()
        if lower.hasPrefix("microsoft word - ") || lower.hasPrefix("microsoft powerpoint - ") { return true }
        if isWindowsPath(text) || (text.hasPrefix("/") && text.dropFirst().contains("/") && !text.contains(" ")) { return true }
        // A name ending in a document extension: `smith_icml.docx`, `main.tex`.
        guard let dot = lower.lastIndex(of: "."), dot > lower.startIndex,
              !lower[lower.index(before: dot)].isWhitespace else { return false }
        return documentExtensions.contains(String(lower[lower.index(after: dot)...]))
    }

    private static func isWindowsPath(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(3))
        guard scalars.count == 3, scalars[0].properties.isAlphabetic, scalars[0].isASCII else { return false }
        return scalars[1] == ":" && (scalars[2] == "\\" || scalars[2] == "/")
    }

    /// The user whose home folder a string names: `/Users/jsmith/`, `/home/jsmith/`,
    /// `C:\Users\jsmith\`, `C:\Documents and Settings\jsmith\`, `~jsmith/`; nil when none.
    public static func userFolder(in text: String) -> String? {
        for marker in ["/Users/", "/home/", "\\Users\\", "\\Documents and Settings\\", "/users/", "\\users\\"] {
            guard let range = text.range(of: marker) else { continue }
            let separator: Character = marker.hasPrefix("/") ? "/" : "\\"
            let rest = text[range.upperBound...]
            // The folder must continue past the user's name, or end the string: `/home/ada` alone is still ada's.
            let name = rest.prefix { $0 != separator && $0 != "\"" && $0 != ")" && $0 != ";" }
            guard !name.isEmpty, name.count <= 64, !name.hasPrefix(" ") else { continue }
            if marker.hasPrefix("/") {
                // `/home/` in a sentence is not a path: the character before must start or join a path.
                let before = text[..<range.lowerBound].last
                guard before == nil || before == " " || before == "(" || before == ":" || before == "/" || before == "'" || before == "\"" || before == "=" else { continue }
            }
            return String(name)
        }
        // `~jsmith/`: a shell's name for a home folder.
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "~", previous == " " || previous == "/" || previous == "(" || index == text.startIndex {
                let rest = text[text.index(after: index)...]
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
                let after = rest.dropFirst(name.count).first
                if let first = name.first, first.isLetter, name.count >= 2, name.count <= 32, after == "/" { return String(name) }
            }
            previous = character
            index = text.index(after: index)
        }
        return nil
    }

    /// The first e-mail address in a string, if any: the shape the text check recognises.
    public static func emailAddress(in text: String) -> String? {
        Patterns.emails(in: text).first.map { String(text[$0]) }
    }
}
